using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.FileSystem;

/// <summary>Lists the names in an open directory fd (fdopendir/readdir on a dup, so the caller keeps its fd).</summary>
internal static class DirectoryReader
{
    // struct dirent on 64-bit Linux glibc: d_ino(8) d_off(8) d_reclen(2) d_type(1) d_name[256].
    private const int NameOffset = 19;

    public static List<string> ReadNames(SafeFileHandle dir, string pathForErrors)
    {
        int fd = LibC.Dup(dir);
        if (fd < 0)
        {
            FileSystemErrors.ThrowLast("dup", pathForErrors);
        }

        nint stream = LibC.FdOpenDir(fd);
        if (stream == 0)
        {
            var error = FileSystemErrors.Last("fdopendir", pathForErrors);
            using (new SafeFileHandle(fd, ownsHandle: true))
            {
            }

            throw error;
        }

        try
        {
            var names = new List<string>();
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                nint entry = LibC.ReadDir(stream);
                if (entry == 0)
                {
                    int errno = FileSystemErrors.LastErrno;
                    return errno == 0 ? names : throw FileSystemErrors.Create(errno, "readdir", pathForErrors);
                }

                string name = Marshal.PtrToStringUTF8(entry + NameOffset) ?? string.Empty;
                if (name is not ("." or ".."))
                {
                    names.Add(name);
                }
            }
        }
        finally
        {
            _ = LibC.CloseDir(stream);
        }
    }
}
