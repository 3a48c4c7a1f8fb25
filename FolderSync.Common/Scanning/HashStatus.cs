namespace FolderSync.Common.Scanning;

public enum HashStatus
{
    /// <summary>Hashed; the file held still throughout.</summary>
    Ok,

    /// <summary>Size or mtime changed while it was read: retry later, never use this hash.</summary>
    Unstable,

    /// <summary>Text was required and the first 8 KiB are not text.</summary>
    NotText,

    /// <summary>Not a regular file (a symlink or special file is never opened through).</summary>
    NotRegular,

    /// <summary>Gone before or while it was opened.</summary>
    Missing,

    /// <summary>Could not be opened or read.</summary>
    Unreadable,
}
