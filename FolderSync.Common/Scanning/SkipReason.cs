namespace FolderSync.Common.Scanning;

/// <summary>Why the scanner left a path out. <see cref="Unreadable"/> and <see cref="Unstable"/> mean "unknown now", not "gone".</summary>
public enum SkipReason
{
    /// <summary>A leading '.' in the name (reported by ScanOne only: a full scan does not list them).</summary>
    Hidden,

    /// <summary>An editor or tool temp name (*.tmp, *.swp, *~, .#*, 4913); reported by ScanOne only.</summary>
    Temporary,

    /// <summary>Matched by <c>.foldersyncignore</c>.</summary>
    Ignored,

    /// <summary>Not text: a NUL byte or invalid UTF-8 in the first 8 KiB, or a binary extension.</summary>
    Binary,

    /// <summary>Larger than <see cref="ScanOptions.MaxFileSizeBytes"/>.</summary>
    TooLarge,

    /// <summary>A symlink: never followed, never synced.</summary>
    Symlink,

    /// <summary>A FIFO, socket or device.</summary>
    Special,

    /// <summary>Could not be read or listed (permissions, I/O error).</summary>
    Unreadable,

    /// <summary>Kept changing while it was hashed; the caller should retry later.</summary>
    Unstable,

    /// <summary>
    /// A name no other side could use: not valid UTF-8 (the path shows those bytes as <c>\xNN</c>), or a path
    /// over <see cref="Protocol.RelativePath.MaxBytes"/> (the entry is then its directory, the detail names it).
    /// </summary>
    BadName,
}
