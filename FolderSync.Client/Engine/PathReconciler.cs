using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// The client's per-path step (DESIGN §4): base × local × remote through the pure <see cref="Reconciler"/>, within the
/// access mode the server announced, then the action it chooses (the server decides conflicts). Local changes enter
/// here once recorded; the server's pushes and answers come back here for each path they touch. Runs on the folder
/// loop; the timers of its retries and of the create debounce post back to it.
/// </summary>
internal sealed class PathReconciler
{
    private readonly StateStore _store;
    private readonly LocalTree _tree;
    private readonly ClientSession _session;
    private readonly ChangeApplier _applier;
    private readonly FolderActivity _activity;
    private readonly CreateDebounce _creates;
    private readonly ILogger _logger;

    public PathReconciler(
        SubscribedFolderOptions options, StateStore store, FolderRoot root, LocalTree tree, ClientSession session, ChangeApplier applier,
        FolderActivity activity, WorkQueue queue, ILogger logger, CancellationToken stopping)
    {
        _store = store;
        _tree = tree;
        _session = session;
        _applier = applier;
        _activity = activity;
        _logger = logger;
        Problems = new ProblemRetries(queue, activity, logger, Retry, stopping);
        Uploads = new Uploader(session, store, root, applier, queue, options.ClientId, OnUploadUnreadable, logger);
        _creates = new CreateDebounce(queue, options.Sync.DebounceMilliseconds, ReconcileIfLive, stopping);
    }

    public ProblemRetries Problems { get; }

    public Uploader Uploads { get; }

    /// <inheritdoc cref="CreateDebounce.Waiting"/>
    public int CreatesWaiting => _creates.Waiting;

    /// <summary>Records what changed on disk; once the server's index is reconciled, acts on each content change.</summary>
    public void OnLocalChanges(IReadOnlyList<LocalChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        _applier.RecordLocal(changes);
        _activity.Touch();
        if (!_session.Live)
        {
            return;
        }

        foreach (var change in changes)
        {
            if (!change.MetadataOnly)
            {
                Reconcile(change.Path);
            }
            else if (change.ModeChanged)
            {
                ReconcileMode(_store.Get(change.Path));
            }
        }
    }

    /// <summary>
    /// A local chmod of a file whose content is the server's: uploaded as FILE_MODE where the access mode lets this client
    /// edit the file, reverted to the server's mode in ReadOnly. A file with a local edit sends its mode with its content.
    /// </summary>
    public void ReconcileMode(FileRecord? record)
    {
        if (record is not { Deleted: false, Kind: EntryKind.File, LocalOnly: false, Mode: { } mode, BaseMode: { } baseMode }
            || mode == baseMode || record.Sha256 != record.BaseSha256 || !_session.Live || _session.Uploads.IsInFlight(record.Path))
        {
            return;
        }

        if (_session.Access != AccessMode.ReadOnly)
        {
            Uploads.UploadMode(record, mode);
            return;
        }

        try
        {
            _applier.ApplyMode(record, baseMode, sequence: null);
            _logger.LogInformation("{Path}: chmod {Mode} reverted to the server's {Server} (ReadOnly)", record.Path, FileModes.Format(mode), FileModes.Format(baseMode));
        }
        catch (TargetChangedException)
        {
            Rescan(record.Path);
        }
        catch (IOException ex)
        {
            Problems.Note(record.Path, $"could not restore its mode: {ex.Message}", download: true);
        }
    }

    /// <summary>Looks at <paramref name="path"/> on disk again: it changed in a way its row does not tell yet.</summary>
    public void Rescan(RelativePath path) => OnLocalChanges(_tree.ScanPaths([path]));

    public PathDecision Decide(RelativePath path, out FileRecord? record, out EntryState? remote)
    {
        record = _store.Get(path);
        var @base = BaseOf(record);
        remote = _session.RemoteHints.TryGetValue(path, out var hint) ? hint : @base;
        return Reconciler.Reconcile(@base, record?.ToEntryState(), remote, _session.Access);
    }

    public void Reconcile(RelativePath path)
    {
        var decision = Decide(path, out var record, out var remote);
        Act(path, decision, record, remote);
    }

    public void Act(RelativePath path, PathDecision decision, FileRecord? record, EntryState? remote)
    {
        switch (decision.Action)
        {
            case SyncAction.None:
                _session.RemoteHints.Remove(path);
                if (record is { Deleted: false, Kind: EntryKind.File } && Problems.NotSent(path))
                {
                    // Back as it was after a change the server did not take: tell it, so it lets go of a delete it holds.
                    Uploads.Upload(record);
                }

                Problems.Clear(path);
                ReconcileMode(record);
                break;
            case SyncAction.RecordBase:
                RecordBase(path, record, remote);
                Problems.Clear(path);
                break;
            case SyncAction.Download or SyncAction.Restore or SyncAction.Revert when remote is { IsDirectory: true }:
            case SyncAction.CreateLocalDirectory:
                CreateDirectory(path, record);
                break;
            case SyncAction.Download or SyncAction.Restore or SyncAction.Revert:
                _session.RequestFile(path);
                break;
            case SyncAction.DeleteLocal:
                DeleteLocal(path, record!);
                break;
            case SyncAction.RemoveLocalDirectory:
                _applier.RemoveDirectory(path);
                _session.RemoteHints.Remove(path);
                break;
            case SyncAction.UploadCreate when !_creates.IsRipe(path):
                break;
            case SyncAction.Upload or SyncAction.UploadCreate or SyncAction.Conflict:
                Uploads.Upload(record!);
                break;
            case SyncAction.UploadDelete when !_session.Uploads.IsInFlight(path):
                Uploads.UploadDelete(record!, BaseOf(record)?.Kind ?? EntryKind.File);
                break;
            case SyncAction.KeepLocalOnly when record is { LocalOnly: false }:
                _applier.KeepLocalOnly(record);
                _logger.LogInformation("{Path} stays local: {Mode} clients do not create on the server", path, _session.Access);
                break;
        }
    }

    private void RecordBase(RelativePath path, FileRecord? record, EntryState? remote)
    {
        _session.RemoteHints.Remove(path);
        if (record is not null)
        {
            _applier.RecordBase(record, remote);
        }
    }

    private void CreateDirectory(RelativePath path, FileRecord? record)
    {
        try
        {
            _applier.CreateDirectory(path, record);
            _session.RemoteHints.Remove(path);
            Problems.Clear(path);
        }
        catch (IOException ex)
        {
            Problems.Note(path, $"could not create the directory: {ex.Message}", download: true);
        }
    }

    private void DeleteLocal(RelativePath path, FileRecord record)
    {
        try
        {
            _applier.DeleteFile(path, record);
            _session.RemoteHints.Remove(path);
            Problems.Clear(path);
            _logger.LogInformation("delete {Path} (deleted on the server; the local copy is kept in trash)", path);
        }
        catch (TargetChangedException)
        {
            Rescan(path);
        }
        catch (IOException ex)
        {
            Problems.Note(path, $"could not delete it: {ex.Message}", download: true);
        }
    }

    /// <summary>A problem's retry: looks at the path afresh and does what it needs now. Offline, the next connection's index does it.</summary>
    private void Retry(RelativePath path)
    {
        if (_session.Live)
        {
            Rescan(path);
            Reconcile(path);
        }
    }

    private void ReconcileIfLive(RelativePath path)
    {
        if (_session.Live)
        {
            Reconcile(path);
        }
    }

    /// <summary>
    /// The upload's body could not be opened when its turn came: no FILE_UPDATE left (PeerLink sends an ERROR
    /// instead), so no ACK comes. A vanished file becomes what the scan says (a delete, or nothing for a new file);
    /// an unreadable one is tried again later.
    /// </summary>
    private void OnUploadUnreadable(long requestId, RelativePath path, bool vanished, string reason)
    {
        if (!_session.Uploads.Remove(requestId, out _))
        {
            return;
        }

        Rescan(path);
        if (vanished)
        {
            _logger.LogInformation("{Path} vanished before it could be sent", path);
            Reconcile(path);
            return;
        }

        Problems.Note(path, $"could not read it to send it: {reason}", download: false);
    }

    private static EntryState? BaseOf(FileRecord? record) => record?.BaseSha256 switch
    {
        null => null,
        "" => EntryState.Directory(),
        var sha => EntryState.File(sha, 0, 0),
    };
}
