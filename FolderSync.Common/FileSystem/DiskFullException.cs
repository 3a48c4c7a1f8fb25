namespace FolderSync.Common.FileSystem;

/// <summary>The disk or quota is full (ENOSPC, EDQUOT). The temp file is gone and the previous file is intact.</summary>
public sealed class DiskFullException : FileOperationException
{
    public DiskFullException(string message, string? path = null, int errno = 0, Exception? inner = null)
        : base(message, path, errno, inner)
    {
    }

    public DiskFullException()
    {
    }

    public DiskFullException(string message)
        : base(message)
    {
    }

    public DiskFullException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
