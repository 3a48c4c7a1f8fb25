namespace FolderSync.Common.FileSystem;

/// <summary>What lstat says an entry is. Only <see cref="File"/> and <see cref="Directory"/> are ever synced.</summary>
public enum NodeKind
{
    File,
    Directory,
    Symlink,

    /// <summary>FIFO, socket or device: never read, written or removed by sync.</summary>
    Other,
}
