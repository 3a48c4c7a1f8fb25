namespace FolderSync.Common.Scanning;

/// <summary>The file type bits of <c>st_mode</c> that the scanner cares about.</summary>
public enum FileType
{
    Regular,
    Directory,
    Symlink,

    /// <summary>FIFO, socket or device: never synced.</summary>
    Other,
}
