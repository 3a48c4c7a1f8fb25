using FolderSync.Common.Protocol;

namespace FolderSync.Common.Watching;

/// <summary>
/// A hint for the engine: apply <see cref="Moves"/> in order, then stat every path in
/// <see cref="Changed"/> (created, modified, deleted or attribute-changed: the engine finds out which).
/// <see cref="RescanAll"/> means events were lost: rescan the whole folder.
/// </summary>
public sealed record WatchBatch(
    IReadOnlyList<RelativePath> Changed,
    IReadOnlyList<WatchMove> Moves,
    bool RescanAll,
    string? RescanReason);
