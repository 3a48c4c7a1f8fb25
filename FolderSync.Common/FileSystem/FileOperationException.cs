namespace FolderSync.Common.FileSystem;

/// <summary>
/// A file operation on one path failed. Always a per-path problem: the caller logs it, reports the
/// path and goes on with the others. <see cref="Errno"/> is 0 when no system call failed.
/// Subtypes: <see cref="UnsafePathException"/>, <see cref="TargetChangedException"/>,
/// <see cref="DiskFullException"/>, <see cref="HashMismatchException"/>.
/// </summary>
public class FileOperationException : IOException
{
    public FileOperationException(string message, string? path = null, int errno = 0, Exception? inner = null)
        : base(message, inner)
    {
        EntryPath = path;
        Errno = errno;
    }

    public FileOperationException()
    {
    }

    public FileOperationException(string message)
        : base(message)
    {
    }

    public FileOperationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The path inside the folder, as text; null when the folder root itself failed.</summary>
    public string? EntryPath { get; }

    public int Errno { get; }

    public string? ErrnoName => Errno == 0 ? null : FileSystem.Errno.Name(Errno);
}
