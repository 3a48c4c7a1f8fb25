using System.Runtime.InteropServices;
using FolderSync.Common.Native;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.FileSystem;

/// <summary>Lists the names in an open directory fd (fdopendir/readdir on a dup, so the caller keeps its fd).</summary>
internal static class DirectoryReader
{
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

                string name = Marshal.PtrToStringUTF8(entry + LibC.DirentNameOffset) ?? string.Empty;
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
