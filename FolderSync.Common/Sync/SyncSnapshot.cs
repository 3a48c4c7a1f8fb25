using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>The three trees a client reconciles. A path missing from a map is absent on that side.</summary>
/// <param name="Base">The server version each path was last synced at.</param>
/// <param name="Local">What the scanner sees on the client's disk.</param>
/// <param name="Remote">The server's live entries (tombstones left out).</param>
public sealed record SyncSnapshot(
    IReadOnlyDictionary<RelativePath, EntryState> Base,
    IReadOnlyDictionary<RelativePath, EntryState> Local,
    IReadOnlyDictionary<RelativePath, EntryState> Remote)
{
    public EntryState? BaseAt(RelativePath path) => Base.GetValueOrDefault(path);

    public EntryState? LocalAt(RelativePath path) => Local.GetValueOrDefault(path);

    public EntryState? RemoteAt(RelativePath path) => Remote.GetValueOrDefault(path);

    /// <summary>Every path known to any side, in ordinal order.</summary>
    public IEnumerable<RelativePath> AllPaths() =>
        Base.Keys.Concat(Local.Keys).Concat(Remote.Keys).Distinct().Order();
}
