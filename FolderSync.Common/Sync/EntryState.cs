namespace FolderSync.Common.Sync;

/// <summary>
/// What one side holds at a path: a file with its content identity, or a directory.
/// Absence is <c>null</c>. Two states are the same content when kind and hash match; mtime is metadata.
/// </summary>
/// <param name="Sha256">Lower-case hex SHA-256 of a file's content; empty for a directory.</param>
/// <param name="MtimeNs">Modification time in nanoseconds since the Unix epoch.</param>
public sealed record EntryState(EntryKind Kind, string Sha256, long Size, long MtimeNs)
{
    public static EntryState Directory(long mtimeNs = 0) => new(EntryKind.Directory, string.Empty, 0, mtimeNs);

    public static EntryState File(string sha256, long size, long mtimeNs) => new(EntryKind.File, sha256, size, mtimeNs);

    public bool IsDirectory => Kind == EntryKind.Directory;

    /// <summary>Same kind and same content; timestamps are ignored.</summary>
    public bool SameContentAs(EntryState? other) =>
        other is not null && other.Kind == Kind && string.Equals(other.Sha256, Sha256, StringComparison.Ordinal);
}
