using FolderSync.Common.Sync;

namespace FolderSync.Common.Scanning;

/// <summary>A file or directory as the scanner found it on disk.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of a file's content; empty for a directory.</param>
public sealed record ScannedEntry(EntryKind Kind, long Size, long MtimeNs, long Inode, string Sha256)
{
    /// <summary>A file's permission bits (<see cref="FileModes"/>); null for a directory.</summary>
    public int? Mode { get; init; }

    public EntryState ToEntryState() => new(Kind, Sha256, Size, MtimeNs);
}
