using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// What the server says besides file bodies (<see cref="ReceivedFiles"/>): the index each connection begins with, the
/// directories, deletes and moves it pushes, the answers to our uploads, its errors. Runs on the folder loop, to which
/// the connection loop posts each message; a message of a connection that has ended is dropped.
/// </summary>
internal sealed class RemoteChanges(
    SubscribedFolderOptions options, StateStore store, ClientSession session, PathReconciler reconciler, ChangeApplier applier,
    ResumePoint resume, UploadAcks acks, LocalMoves moves, TransferProgress progress, FolderActivity activity, ILogger logger)
{
    private readonly List<IndexEntry> _indexModes = [];
    private List<IndexEntry>? _index;
    private bool _fullIndex;

    public void OnConnected(PeerLink link, WelcomeMessage welcome)
    {
        session.Begin(link, welcome.Access);
        _index = [];
        _indexModes.Clear();
        _fullIndex = welcome.FullIndex;
        resume.Restart();
        activity.Touch();
        logger.LogInformation("Connected to {Host}:{Port}, folder {Folder} ({Access}), server at sequence {Sequence}, {Kind} index",
            options.Host, options.Port, welcome.Folder, welcome.Access, welcome.Sequence, welcome.FullIndex ? "full" : "delta");
    }

    public void OnDisconnected(PeerLink link) => session.End(link);

    public void OnServerMessage(PeerLink link, Message message)
    {
        if (session.Link != link)
        {
            return;
        }

        switch (message)
        {
            case IndexBatchMessage batch:
                _index?.AddRange(batch.Entries);
                _indexModes.AddRange(batch.Entries.Where(e => e is { Deleted: false, Kind: EntryKind.File, Mode: not null }));
                break;
            case IndexEndMessage end:
                OnIndexEnd(end.Sequence);
                break;
            case DirCreateMessage create:
                OnRemoteDirectory(create);
                break;
            case FileDeleteMessage delete:
                OnRemoteDelete(delete);
                break;
            case FileMoveMessage move:
                OnRemoteMove(move);
                break;
            case FileModeMessage chmod:
                OnRemoteMode(chmod.ParsePath(), FileModes.Of((uint)chmod.Mode), chmod.Sequence);
                resume.Note(chmod.Sequence);
                break;
            case AckMessage ack:
                acks.OnAck(ack);
                break;
            case ErrorMessage error:
                OnServerError(error);
                break;
        }
    }

    /// <summary>Reconciles every path the index names (and, for a full index, every path we know) in one pass.</summary>
    private void OnIndexEnd(long sequence)
    {
        var remote = new Dictionary<RelativePath, EntryState?>();
        foreach (var entry in _index ?? [])
        {
            remote[entry.ParsePath()] = entry.Deleted ? null : new EntryState(entry.Kind, entry.Sha256, entry.Size, entry.MtimeNs);
        }

        _index = null;
        foreach (var (path, state) in remote)
        {
            session.RemoteHints[path] = state;
        }

        // A full index names everything the server has: the rest is gone there. A delta names only what
        // changed there; what changed here while we were away is reconciled against the base.
        var paths = remote.Keys.ToHashSet();
        foreach (var record in _fullIndex ? store.GetAll() : store.GetDirty())
        {
            if (paths.Add(record.Path) && _fullIndex)
            {
                session.RemoteHints[record.Path] = null;
            }
        }

        session.IndexComplete = true;
        resume.IndexReconciled(sequence, _fullIndex);
        var removals = new List<RelativePath>();
        foreach (var path in paths.Order())
        {
            var decision = reconciler.Decide(path, out _, out _);
            if (decision.Action is SyncAction.DeleteLocal or SyncAction.RemoveLocalDirectory)
            {
                removals.Add(path);
            }
            else
            {
                reconciler.Reconcile(path);
            }
        }

        foreach (var path in Enumerable.Reverse(removals))
        {
            reconciler.Reconcile(path);
        }

        ReconcileModes();
        moves.ProposeHeld();
        var downloads = session.Downloads;
        progress.Begin(downloads.Count, downloads.Sum(p => remote.GetValueOrDefault(p)?.Size ?? 0));
        logger.LogInformation("Index of {Count} entries reconciled over {Paths} paths: {Downloads} downloads and {Uploads} uploads pending", remote.Count, paths.Count, downloads.Count, session.Uploads.Count);
        resume.Persist();
    }

    private void OnRemoteDirectory(DirCreateMessage create)
    {
        var path = create.ParsePath();
        session.RemoteHints[path] = EntryState.Directory(create.MtimeNs);
        reconciler.Reconcile(path);
        resume.Note(create.Sequence);
    }

    private void OnRemoteDelete(FileDeleteMessage delete)
    {
        var path = delete.ParsePath();
        foreach (var child in store.GetUnder(path).Select(r => r.Path).OrderDescending())
        {
            session.RemoteHints[child] = null;
            reconciler.Reconcile(child);
        }

        session.RemoteHints[path] = null;
        reconciler.Reconcile(path);
        resume.Note(delete.Sequence);
    }

    /// <summary>
    /// The server's mode of each file whose content we hold: applied here, unless only our side changed it since the
    /// last sync (then our chmod goes up, or is reverted in ReadOnly, by <see cref="PathReconciler.ReconcileMode"/>),
    /// as does a chmod made while offline that the index does not name.
    /// </summary>
    private void ReconcileModes()
    {
        foreach (var entry in _indexModes)
        {
            var path = entry.ParsePath();
            if (store.Get(path) is not { Deleted: false, Kind: EntryKind.File, LocalOnly: false } record || record.Sha256 != entry.Sha256)
            {
                continue;
            }

            int mode = FileModes.Of((uint)entry.Mode!.Value);
            if (record.BaseMode == mode && record.Mode != mode)
            {
                reconciler.ReconcileMode(record);
            }
            else if (record.Mode != mode || record.BaseMode != mode)
            {
                OnRemoteMode(path, mode, sequence: null);
            }
        }

        _indexModes.Clear();

        // A chmod made here while we were away: nothing in the index names it.
        foreach (var record in store.GetModeChanged())
        {
            reconciler.ReconcileMode(record);
        }
    }

    /// <summary>A chmod on the server (or its mode of a file we hold): the server's mode wins here.</summary>
    private void OnRemoteMode(RelativePath path, int mode, long? sequence)
    {
        if (store.Get(path) is not { Deleted: false, Kind: EntryKind.File, LocalOnly: false } record)
        {
            return;
        }

        try
        {
            applier.ApplyMode(record, mode, sequence);
            logger.LogInformation("chmod {Mode} {Path} from the server", FileModes.Format(mode), path);
        }
        catch (IOException ex)
        {
            // Changed here since the last scan: the scan records it, and its upload carries this mode as its base.
            logger.LogInformation("Could not apply the server's mode {Mode} to {Path}: {Error}", FileModes.Format(mode), path, ex.Message);
            reconciler.Rescan(path);
        }
    }

    /// <summary>A server move is one rename here when nothing under it changed locally; otherwise resync.</summary>
    private void OnRemoteMove(FileMoveMessage move)
    {
        var from = move.ParseFrom();
        var to = move.ParseTo();
        var record = store.Get(from);
        var moved = record is null ? [] : store.GetUnder(from).Prepend(record).ToList();
        bool clean = record is { Deleted: false } && store.Get(to) is not { Deleted: false }
            && moved.All(r => !r.Deleted && !r.LocalOnly && r.Sha256 == r.BaseSha256);
        if (clean)
        {
            try
            {
                applier.Move(from, to, record!, moved, move.Sequence);
                logger.LogInformation("move {From} -> {To} from the server (seq {Sequence})", from, to, move.Sequence);
                resume.Note(move.Sequence);
                return;
            }
            catch (IOException ex)
            {
                logger.LogInformation("Could not apply the move {From} -> {To} as a rename: {Error}", from, to, ex.Message);
            }
        }

        Resync($"the server moved {from} to {to} and the local copy differs");
    }

    /// <summary>Closes the link so the next connection resumes from the last persisted sequence.</summary>
    private void Resync(string reason)
    {
        logger.LogInformation("Resynchronising: {Reason}", reason);
        session.Link?.Close(new IOException(reason));
        session.End(session.Link!);
    }

    private void OnServerError(ErrorMessage error)
    {
        activity.Error($"server: {error.Code} {error.Message} {error.Path}");
        logger.LogWarning("The server reported {Code}: {Message} ({Path})", error.Code, error.Message, error.Path);
        if (RelativePath.TryParse(error.Path, out var path))
        {
            session.Answered(path);
            resume.Persist();
        }
    }
}
