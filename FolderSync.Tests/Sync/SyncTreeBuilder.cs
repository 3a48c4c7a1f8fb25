using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;

namespace FolderSync.Tests.Sync;

/// <summary>Builds the three trees of a <see cref="SyncSnapshot"/> from "path" → state pairs.</summary>
internal sealed class SyncTreeBuilder
{
    private readonly Dictionary<RelativePath, EntryState> _base = [];
    private readonly Dictionary<RelativePath, EntryState> _local = [];
    private readonly Dictionary<RelativePath, EntryState> _remote = [];

    /// <summary>Synced and unchanged on all three sides.</summary>
    public SyncTreeBuilder Synced(string path, EntryState state) => Base(path, state).Local(path, state).Remote(path, state);

    public SyncTreeBuilder Base(string path, EntryState state) => Put(_base, path, state);

    public SyncTreeBuilder Local(string path, EntryState state) => Put(_local, path, state);

    public SyncTreeBuilder Remote(string path, EntryState state) => Put(_remote, path, state);

    public SyncSnapshot Build() => new(_base, _local, _remote);

    public SyncPlan Plan(AccessMode mode) => SyncPlanner.Plan(Build(), mode);

    private SyncTreeBuilder Put(Dictionary<RelativePath, EntryState> tree, string path, EntryState state)
    {
        tree[RelativePath.Parse(path)] = state;
        return this;
    }
}
