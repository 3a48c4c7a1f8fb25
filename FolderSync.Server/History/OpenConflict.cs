namespace FolderSync.Server.History;

/// <summary>
/// A conflict whose copy still exists: <see cref="Path"/> holds the winner's content, <see cref="CopyPath"/> the
/// loser's. Times are the versions' modification times on the server's clock.
/// </summary>
public sealed record OpenConflict(
    string Path,
    string CopyPath,
    string WinnerOrigin,
    DateTimeOffset WinnerTime,
    string LoserOrigin,
    DateTimeOffset LoserTime,
    DateTimeOffset Recorded);
