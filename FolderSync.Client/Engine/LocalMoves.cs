using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// A Full client's renames go up as one FILE_MOVE each (a directory with its whole subtree), so the server renames
/// its copy and every other client does too, instead of sending the content again. Only a rename the state table
/// vouches for is proposed; anything else, and any move the server does not take, is a delete and a create as before.
/// Renames a scan finds (<see cref="ScanRenames"/>) take the same way as the watcher's. Runs on the folder loop.
/// </summary>
internal sealed class LocalMoves(ClientSession session, StateStore store, LocalTree tree, ChangeApplier applier, PathReconciler reconciler, ILogger logger)
{
    /// <summary>Renames scanned while not live (the start-up scan): their changes are not recorded until <see cref="ProposeHeld"/>.</summary>
    private readonly List<WatchMove> _held = [];
    private readonly HashSet<RelativePath> _heldPaths = [];

    /// <summary>
    /// Sends <paramref name="move"/> when the source row is synced and unchanged, nothing is recorded at the destination,
    /// the destination's parent is on the server, no change under either path is in flight, and the destination on
    /// disk is the source's content (same inode, size and mtime, so nothing is re-read).
    /// </summary>
    /// <returns>Whether the move was sent.</returns>
    public bool TryPropose(WatchMove move)
    {
        var (from, to) = (move.From, move.To);
        if (session.Access != AccessMode.Full || !session.Live || from.IsSameOrUnder(to) || to.IsSameOrUnder(from))
        {
            return false;
        }

        var source = store.Get(from);
        if (source is not { Deleted: false, LocalOnly: false, BaseSha256: { } synced } || source.Sha256 != synced || store.Get(to) is not null
            || !ParentIsSynced(to) || session.Uploads.IsInFlightUnder(from) || session.Uploads.IsInFlightUnder(to)
            || session.Downloads.Any(p => p.IsSameOrUnder(from) || p.IsSameOrUnder(to)))
        {
            return false;
        }

        if (tree.ScanOne(to, source with { Path = to }) is not { } now || now.Kind != source.Kind || now.Sha256 != source.Sha256)
        {
            return false;
        }

        applier.RecordLocalMove(from, to, [source, .. store.GetUnder(from)], now);
        reconciler.Uploads.UploadMove(from, to, source);
        return true;
    }

    /// <summary>
    /// A scan's changes less its renames: proposed now when live; held while not (the server's index comes first),
    /// their changes unrecorded so the rows still vouch for the sources. What a rename covers is scanned again after
    /// it, so a move sent leaves rows that match the disk and one not sent comes back as the delete and create it was.
    /// </summary>
    public IReadOnlyList<LocalChange> TakeRenames(IReadOnlyList<LocalChange> changes)
    {
        if (session.Live && session.Access != AccessMode.Full)
        {
            return changes;
        }

        var renames = ScanRenames.Find(changes);
        if (renames.Moves.Count == 0)
        {
            return changes;
        }

        var rest = new List<LocalChange>(changes.Count);
        var covered = new HashSet<RelativePath>();
        foreach (var change in changes)
        {
            if (renames.Covers(change.Path))
            {
                covered.Add(change.Path);
            }
            else
            {
                rest.Add(change);
            }
        }

        if (!session.Live)
        {
            _held.AddRange(renames.Moves.Except(_held));
            _heldPaths.UnionWith(covered);
            return rest;
        }

        // None sent: the scan's own changes are still true, and nothing is read twice.
        return Propose([.. renames.Moves], covered) is { } moved ? LocalTree.Order([.. moved, .. rest]) : changes;
    }

    /// <summary>The index is reconciled: the renames held since the scan go up now (see <see cref="TakeRenames"/>).</summary>
    public void ProposeHeld()
    {
        if (_held.Count == 0)
        {
            return;
        }

        var (moves, covered) = (_held.ToList(), _heldPaths.ToHashSet());
        _held.Clear();
        _heldPaths.Clear();
        reconciler.OnLocalChanges(Propose(moves, covered) ?? tree.ScanPaths(covered));
    }

    /// <summary>The server moved its copy (or already had it there): the rows at the new path take over the bases.</summary>
    public void OnAccepted(RelativePath from, RelativePath to, long sequence)
    {
        foreach (var path in applier.ConfirmLocalMove(from, to, sequence))
        {
            reconciler.Reconcile(path);
        }
    }

    /// <summary>
    /// The server did not take the move (see ServerDecision): the rows already say delete the old path and create the
    /// new one, which now go as such (the server's edit beats the delete, a different file at the destination makes a
    /// conflict copy).
    /// </summary>
    public void OnRefused(RelativePath from, RelativePath to, string? reason)
    {
        logger.LogInformation("The server did not move {From} to {To} ({Reason}); sending it as a delete and a create", from, to, reason);
        var paths = store.GetUnder(from).Prepend(store.Get(from)).Concat(store.GetUnder(to).Prepend(store.Get(to)))
            .OfType<FileRecord>().Select(r => r.Path).Order();
        foreach (var path in paths)
        {
            reconciler.Reconcile(path);
        }
    }

    /// <summary>
    /// Sends what it can of <paramref name="moves"/>; then the <paramref name="covered"/> paths and every row a move
    /// placed, as they are now (null when none was sent).
    /// </summary>
    private IReadOnlyList<LocalChange>? Propose(List<WatchMove> moves, HashSet<RelativePath> covered)
    {
        int sent = 0;
        foreach (var move in moves)
        {
            if (TryPropose(move))
            {
                sent++;
                covered.Add(move.To);
                covered.UnionWith(store.GetUnder(move.To).Select(r => r.Path));
            }
        }

        if (sent == 0)
        {
            return null;
        }

        logger.LogInformation("A scan found {Count} renames; {Sent} sent as moves", moves.Count, sent);
        return tree.ScanPaths(covered);
    }

    private bool ParentIsSynced(RelativePath path)
    {
        int slash = path.Value.LastIndexOf('/');
        return slash < 0 || store.Get(RelativePath.Parse(path.Value[..slash])) is { Deleted: false, Kind: EntryKind.Directory, BaseSha256: "" };
    }
}
