using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace FolderSync.Common.FileSystem;

/// <summary>Maps errno to our exception types; messages name the path, the call and the errno.</summary>
internal static class FileSystemErrors
{
    public static int LastErrno => Marshal.GetLastPInvokeError();

    public static FileOperationException Create(int errno, string operation, string path)
    {
        string message = $"{path}: {operation} failed: {Errno.Describe(errno)}";
        return errno switch
        {
            Errno.ENOSPC or Errno.EDQUOT => new DiskFullException($"{path}: disk full: {operation} failed: {Errno.Describe(errno)}", path, errno),
            Errno.ELOOP or Errno.EXDEV => new UnsafePathException(message, path, errno),
            _ => new FileOperationException(message, path, errno),
        };
    }

    /// <summary>The exception for errno as the failed call left it.</summary>
    public static FileOperationException Last(string operation, string path) => Create(LastErrno, operation, path);

    [DoesNotReturn]
    public static void ThrowLast(string operation, string path) => throw Last(operation, path);

    public static UnsafePathException Symlink(string path) =>
        new($"{path}: is a symlink; symlinks are never followed, written or removed", path, Errno.ELOOP);
}
