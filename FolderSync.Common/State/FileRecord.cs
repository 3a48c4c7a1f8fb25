using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;

namespace FolderSync.Common.State;

/// <summary>One row of <c>file_state</c> (docs/sync-model.md).</summary>
/// <param name="MtimeNs">Modification time in nanoseconds since the Unix epoch (column <c>last_modified</c>).</param>
/// <param name="Sha256">Lower-case hex SHA-256; empty for a directory.</param>
/// <param name="Origin"><c>server</c> or the id of the client that authored the content.</param>
/// <param name="Sequence">Server: sequence of the change that produced the row. Client: base sequence.</param>
/// <param name="Deleted">Server: a tombstone.</param>
/// <param name="BaseSha256">Client: hash of the server version the local content derives from; null when never synced.</param>
/// <param name="LocalOnly">Client: a local create the access mode keeps local.</param>
public sealed record FileRecord(
    RelativePath Path,
    EntryKind Kind,
    long Size,
    long MtimeNs,
    long Inode,
    string Sha256,
    string Origin,
    long Sequence,
    bool Deleted,
    string? BaseSha256,
    bool LocalOnly)
{
    public const string ServerOrigin = "server";

    /// <summary>A file's permission bits as last seen on disk (<see cref="FileModes"/>); null while not known (a row from before schema 3, a directory).</summary>
    public int? Mode { get; init; }

    /// <summary>Client: the mode of the server version the local file derives from; null while the server has not said.</summary>
    public int? BaseMode { get; init; }

    /// <summary>The content this row describes, or null for a tombstone.</summary>
    public EntryState? ToEntryState() => Deleted ? null : new EntryState(Kind, Sha256, Size, MtimeNs);
}
