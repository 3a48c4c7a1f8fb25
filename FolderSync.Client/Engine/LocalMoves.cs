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
/// Runs on the folder loop.
/// </summary>
internal sealed class LocalMoves(ClientSession session, StateStore store, LocalTree tree, ChangeApplier applier, PathReconciler reconciler, ILogger logger)
{
    /// <summary>
    /// Sends <paramref name="move"/> when the source row is synced and unchanged, nothing is recorded at the destination,
    /// the destination's parent is on the server, no change under either path is in flight, and the destination on
    /// disk is the source's content (same inode, size and mtime, so nothing is re-read).
    /// </summary>
    public void TryPropose(WatchMove move)
    {
        var (from, to) = (move.From, move.To);
        if (session.Access != AccessMode.Full || !session.Live || from.IsSameOrUnder(to) || to.IsSameOrUnder(from))
        {
            return;
        }

        var source = store.Get(from);
        if (source is not { Deleted: false, LocalOnly: false, BaseSha256: { } synced } || source.Sha256 != synced || store.Get(to) is not null
            || !ParentIsSynced(to) || session.Uploads.IsInFlightUnder(from) || session.Uploads.IsInFlightUnder(to)
            || session.Downloads.Any(p => p.IsSameOrUnder(from) || p.IsSameOrUnder(to)))
        {
            return;
        }

        if (tree.ScanOne(to, source with { Path = to }) is not { } now || now.Kind != source.Kind || now.Sha256 != source.Sha256)
        {
            return;
        }

        applier.RecordLocalMove(from, to, [source, .. store.GetUnder(from)], now);
        reconciler.Uploads.UploadMove(from, to, source);
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

    private bool ParentIsSynced(RelativePath path)
    {
        int slash = path.Value.LastIndexOf('/');
        return slash < 0 || store.Get(RelativePath.Parse(path.Value[..slash])) is { Deleted: false, Kind: EntryKind.Directory, BaseSha256: "" };
    }
}
