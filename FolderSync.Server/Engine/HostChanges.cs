using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// Changes made on the server host itself, as the watcher and the scans find them: always authoritative, each one
/// sequenced and pushed to every subscribed client, except a mass delete, which <see cref="DeleteGuard{T}"/> holds.
/// Runs on the folder loop.
/// </summary>
internal sealed class HostChanges(
    string folder, LocalTree tree, Trash trash, StateStore store, SafetyInterlock safety, DeleteGuard<LocalChange> guard, FolderChangeApplier applier, ChunkLists chunks, Subscribers subscribers, ILogger logger)
{
    /// <summary>Called when deletes may be settling; the host posts <see cref="SettleDeletes"/> once it was quiet this long.</summary>
    public Action<TimeSpan>? DeletesSettling { get; set; }

    public async Task OnWatchBatchAsync(WatchBatch batch, CancellationToken cancellationToken)
    {
        if (batch.RescanAll)
        {
            await RescanAsync(batch.RescanReason ?? "watcher asked", cancellationToken);
            return;
        }

        foreach (var move in batch.Moves)
        {
            TryApplyMove(move);
        }

        // A move that was not one for us (a temp file renamed over its target) is a change at both ends.
        var paths = batch.Changed.Concat(batch.Moves.SelectMany(m => new[] { m.From, m.To })).Distinct();
        Apply(tree.ScanPaths(paths), fullScan: false);
    }

    public async Task RescanAsync(string reason, CancellationToken cancellationToken)
    {
        logger.LogDebug("Rescanning {Folder}: {Reason}", folder, reason);
        trash.Prune();
        Apply(await tree.ScanAllAsync(cancellationToken), fullScan: true);
    }

    /// <summary>The subtrees the watcher could not watch (the inotify watch limit), walked on the poll timer.</summary>
    public async Task PollUnwatchedAsync(IReadOnlyList<RelativePath> directories, CancellationToken cancellationToken) =>
        Apply(await tree.ScanSubtreesAsync(directories, cancellationToken), fullScan: false);

    /// <summary>Records and pushes what a scan found; after a full scan, only if the root still looks like the folder.</summary>
    public void Apply(IReadOnlyList<LocalChange> changes, bool fullScan)
    {
        if (fullScan && safety.ShouldHalt(tree, store))
        {
            return;
        }

        Record(Filter(ApplyRenames(changes)));
    }

    /// <summary>The deleting stopped: held deletes within the limit go out; over it they wait for <see cref="ConfirmDeletes"/>.</summary>
    public void SettleDeletes() => Record(guard.Settle(StillGone()));

    /// <summary><c>confirm-deletes</c>: the held deletes of paths still gone from disk go out; returns how many.</summary>
    public int ConfirmDeletes()
    {
        var released = guard.Confirm(StillGone());
        Record(released);
        return released.Count;
    }

    /// <summary>
    /// The renames the changes hold that no inotify pair reported (<see cref="ScanRenames"/>: made while the server was
    /// down, found by a rescan or a poll) become moves; what they cover is scanned again, so a move applied leaves no
    /// delete or create behind and one not applied comes back as the delete and create it was.
    /// </summary>
    private IReadOnlyList<LocalChange> ApplyRenames(IReadOnlyList<LocalChange> changes)
    {
        var renames = ScanRenames.Find(changes);
        if (renames.Moves.Count == 0)
        {
            return changes;
        }

        var rest = changes.Where(c => !renames.Covers(c.Path)).ToList();
        var covered = changes.Where(c => renames.Covers(c.Path)).Select(c => c.Path).ToHashSet();
        int applied = 0;
        foreach (var move in renames.Moves)
        {
            // A move into a directory the server has not recorded yet (created, or brought by a later move) would reach clients first.
            if (move.To.Parent is { } parent && store.Get(parent) is not { Deleted: false, Kind: EntryKind.Directory })
            {
                continue;
            }

            if (TryApplyMove(move))
            {
                applied++;
                covered.Add(move.To);
                covered.UnionWith(store.GetUnder(move.To).Select(r => r.Path));
            }
        }

        logger.LogInformation("{Folder}: a scan found {Count} renames; {Applied} applied as moves", folder, renames.Moves.Count, applied);
        return applied == 0 ? changes : LocalTree.Order([.. tree.ScanPaths(covered), .. rest]);
    }

    private static bool IsDelete(LocalChange change) => change.Now is null && change.Before is { Deleted: false };

    /// <summary>The changes to record now; the guard keeps the deletes it holds. A change of a held path drops its delete.</summary>
    private IReadOnlyList<LocalChange> Filter(IReadOnlyList<LocalChange> changes)
    {
        bool touched = false;
        foreach (var change in changes.Where(c => !IsDelete(c)))
        {
            touched |= guard.Drop(change.Path) is not null;
        }

        var now = changes.Where(c => !IsDelete(c) || !guard.Hold(c)).ToList();
        if (touched || guard.HeldCount > 0)
        {
            DeletesSettling?.Invoke(guard.SettleDelay);
        }

        return now.Count == changes.Count ? changes : now;
    }

    /// <summary>The held paths scanned again: those still gone, in the scan's order (which records a subtree the way a scan would).</summary>
    private List<LocalChange> StillGone() => [.. tree.ScanPaths(guard.HeldPaths.ToList()).Where(IsDelete)];

    private void Record(IReadOnlyList<LocalChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var chunked = chunks.ChunkLargeFiles(changes);
        var recorded = applier.RecordScan(changes, chunked);
        var chmods = changes.Where(c => c.MetadataOnly).Select(c => c.Path).ToHashSet();
        foreach (var record in recorded)
        {
            Message push = chmods.Contains(record.Path) ? FolderMessages.ToModeMessage(record)
                : chunked.TryGetValue(record.Path, out var large) && large.Plan is { } plan ? FolderMessages.ToDelta(record, plan)
                : FolderMessages.ToMessage(record);
            logger.LogInformation("{Folder}: server change {Message}", folder, FolderMessages.Describe(push));
            subscribers.Broadcast(push, except: null);
        }

        foreach (var record in recorded)
        {
            if (!chunked.ContainsKey(record.Path) && !chmods.Contains(record.Path))
            {
                chunks.Backfill(record);
            }
        }
    }

    /// <summary>A rename seen by the watcher or paired in a scan becomes one FILE_MOVE when the destination holds the recorded content.</summary>
    private bool TryApplyMove(WatchMove move)
    {
        var before = store.Get(move.From);
        if (before is not { Deleted: false } || store.Get(move.To) is { Deleted: false })
        {
            return false;
        }

        // The rename kept size, mtime and inode: the source row's hash is reused, nothing is re-read.
        if (tree.ScanOne(move.To, before with { Path = move.To }) is not { } now || now.Kind != before.Kind || now.Sha256 != before.Sha256)
        {
            return false;
        }

        long sequence = applier.RecordMove(move.From, move.To, before, now);
        var message = new FileMoveMessage(0, move.From.Value, move.To.Value, before.Kind, before.Kind == EntryKind.File ? before.Sha256 : null, sequence, FileRecord.ServerOrigin);
        logger.LogInformation("{Folder}: server change {Message}", folder, FolderMessages.Describe(message));
        subscribers.Broadcast(message, except: null);
        return true;
    }
}
