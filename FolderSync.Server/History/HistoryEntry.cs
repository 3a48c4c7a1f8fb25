namespace FolderSync.Server.History;

/// <summary>
/// One version the server accepted or observed. <see cref="Origin"/> is a client id or <c>server</c>;
/// <see cref="Note"/> says why the row exists beyond a plain edit (a conflict loser, a merge input, a move).
/// </summary>
public sealed record HistoryEntry(
    string Path,
    long Sequence,
    DateTimeOffset Time,
    HistoryKind Kind,
    long Size,
    string Sha256,
    string Origin,
    string? Note = null);
