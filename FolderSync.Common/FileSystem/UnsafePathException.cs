namespace FolderSync.Common.FileSystem;

/// <summary>Something in the path is a symlink or not a directory, or the operation would leave the folder root (ELOOP, ENOTDIR, EXDEV): nothing was touched.</summary>
public sealed class UnsafePathException : FileOperationException
{
    public UnsafePathException(string message, string? path = null, int errno = 0, Exception? inner = null)
        : base(message, path, errno, inner)
    {
    }

    public UnsafePathException()
    {
    }

    public UnsafePathException(string message)
        : base(message)
    {
    }

    public UnsafePathException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
