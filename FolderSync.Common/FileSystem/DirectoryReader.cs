using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using FolderSync.Common.Native;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.FileSystem;

/// <summary>Lists the names in an open directory fd (fdopendir/readdir on a dup, so the caller keeps its fd).</summary>
internal static class DirectoryReader
{
    /// <summary>
    /// The names that decode as UTF-8. Any other name cannot be synced (nor even opened through a string):
    /// it goes to <paramref name="undecodable"/>, spelled with <c>\xNN</c> for each invalid byte, to be shown.
    /// </summary>
    public static List<string> ReadNames(SafeFileHandle dir, string pathForErrors, List<string>? undecodable = null)
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

                if (Decode(entry + LibC.DirentNameOffset) is var (name, valid) && name is not ("." or ".."))
                {
                    (valid ? names : undecodable)?.Add(name);
                }
            }
        }
        finally
        {
            _ = LibC.CloseDir(stream);
        }
    }

    private static unsafe (string Name, bool Valid) Decode(nint pointer)
    {
        var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)pointer);
        return Utf8.IsValid(bytes) ? (Encoding.UTF8.GetString(bytes), true) : (Escape(bytes), false);
    }

    private static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 2);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out int consumed) == OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                consumed = 1;
                text.Append(CultureInfo.InvariantCulture, $"\\x{bytes[0]:X2}");
            }

            bytes = bytes[consumed..];
        }

        return text.ToString();
    }
}
