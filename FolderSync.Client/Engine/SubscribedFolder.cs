using System.Text.Json.Nodes;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Peers;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// The client side of one folder, and where its parts are put together. One loop (<see cref="WorkQueue"/>) owns the
/// disk and the state table: the local scans, the per-path reconcile and the applying of the server's changes run
/// on it, and only <see cref="ChangeApplier"/> writes the table. The connection loop (<see cref="ServerConnection"/>)
/// and the watcher only post work to it. The server decides conflicts; the client reconciles base × local × remote
/// per path and acts, within what its access mode allows.
/// </summary>
public sealed class SubscribedFolder : IAsyncDisposable
{
    private readonly SubscribedFolderOptions _options;
    private readonly ILogger _logger;
    private readonly InotifyWatcher _inotify;
    private readonly WorkQueue _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ClientSession _session = new();
    private readonly FolderActivity _activity = new();
    private StateStore? _store;
    private FolderRoot? _root;
    private Trash? _trash;
    private FolderWatcher? _watcher;
    private ChangeApplier? _applier;
    private ReceivedFiles? _received;
    private StatusReport? _status;
    private PauseSwitch? _pause;
    private LocalScans? _scans;
    private ServerRequests? _requests;
    private Task _loops = Task.CompletedTask;
    private int _disposed;

    public SubscribedFolder(SubscribedFolderOptions options, InotifyWatcher inotify, ILogger logger)
    {
        _options = options;
        _inotify = inotify;
        _logger = logger;
    }

    /// <summary>What the server allows this client (EditOnly until the first WELCOME says).</summary>
    public AccessMode Mode => _session.Access;

    public DateTimeOffset? LastActivity => _activity.LastActivity;

    public string? LastError => _activity.LastError;

    /// <summary>Synced versions queued or being chunked, whose list is not recorded yet.</summary>
    internal int PendingChunkLists => _applier?.Chunks.Pending ?? 0;

    /// <summary>Completes when the folder loop runs an empty step: the systemd watchdog's proof that it is not stuck.</summary>
    public Task ProbeAsync() => _queue.Post(() => { });

    /// <summary>Opens state (refusing another folder's, <see cref="StateOwner"/>) and root, scans what changed while we were down, then watches and connects.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.StateDir);
        var store = _store = StateStore.Open(Path.Combine(_options.StateDir, "client.db"));
        StateOwner.Claim(store, _options);
        Directory.CreateDirectory(_options.LocalPath);
        var root = _root = FolderRoot.Open(_options.LocalPath);
        var trash = _trash = Trash.ForStateDir(_options.StateDir, TrashRetention.ForDays(_options.Sync.TrashRetentionDays), _options.Time);
        trash.Prune();
        var tree = new LocalTree(_options.LocalPath, new ScanOptions { MaxFileSizeBytes = _options.Sync.MaxFileSizeBytes }, store);
        var watcher = _watcher = _inotify.Watch(_options.LocalPath, LocalFeed.WatcherOptionsFor(_options.Sync));
        var stop = _stopping.Token;
        var safety = new SafetyInterlock(_options.Folder, _logger);
        var ping = new PingTracker();
        var traffic = new TrafficCounter();
        var progress = new TransferProgress();

        var applier = _applier = new ChangeApplier(store, root, trash, _options.ClientId, _queue, _logger, activity: _options.Activity.For(_options.Folder));
        _queue.BeforeOtherWork = applier.CommitAppliedRows;
        var reconciler = new PathReconciler(_options, store, root, tree, _session, applier, _activity, _queue, _logger, stop);
        var resume = new ResumePoint(store, _session, reconciler.Problems, applier);
        var received = _received = new ReceivedFiles(root, _session, reconciler, applier, resume, progress, _activity, _queue, _logger);
        var moves = new LocalMoves(_session, store, tree, applier, reconciler, _logger);
        var acks = new UploadAcks(_session, store, reconciler, applier, moves, resume, _activity, _logger);
        var remote = new RemoteChanges(_options, store, _session, reconciler, applier, resume, acks, moves, progress, _activity, _logger);
        var pause = _pause = new PauseSwitch(_options.StateDir);
        var requests = _requests = new ServerRequests(_activity, pause);
        var connection = new ServerConnection(_options, store, root, _queue, applier, remote, received, resume, ping, traffic, _activity, _logger, pause, requests);
        var scans = _scans = new LocalScans(_options.LocalPath, tree, store, trash, safety, reconciler, moves, applier, _logger, stop);
        _status = new StatusReport(_options, store, tree, watcher, _session, reconciler, safety, ping, progress, traffic, _activity, _queue);

        resume.WantFullIndex(await scans.ScanAtStartAsync(root, cancellationToken));
        _loops = Task.WhenAll(
            _queue.RunAsync(stop),
            applier.Chunks.RunBackfillAsync(stop),
            new LocalFeed(watcher, _queue, _options.Sync, _logger).RunAsync(scans.OnWatchBatchAsync, scans.RescanAsync, scans.PollUnwatchedAsync, stop),
            connection.RunAsync(stop));
    }

    public Task<JsonObject> GetStatusAsync() => _queue.Post(() =>
    {
        var status = _status!.Build();
        status["paused"] = _pause!.Paused;
        return Task.FromResult(status);
    });

    /// <summary>Off the server until <see cref="Resume"/>, across restarts (<see cref="PauseSwitch"/>). False when already paused.</summary>
    public bool Pause() => _pause!.Pause();

    public bool Resume() => _pause!.Resume();

    /// <summary>A full scan of the local folder now, as the rescan timer would; completes when it has been reconciled.</summary>
    public Task RescanAsync() => _queue.Post(_scans!.RescanAsync);

    /// <summary>Forwards a control request to the server (CONTROL_REQUEST); its answer document, <c>"ok"</c> included.</summary>
    /// <exception cref="Common.Hosting.ControlException">Not connected, or no answer: the connection was lost or the server took too long.</exception>
    public Task<JsonObject> AskServerAsync(JsonObject request, CancellationToken cancellationToken) => _requests!.AskAsync(request, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _queue.StopAsync(_stopping, _loops);
        _applier?.CommitAppliedRows(); // The loop has stopped: nothing else writes.
        _received?.Dispose();
        _watcher?.Dispose();
        _pause?.Dispose();
        _trash?.Dispose();
        _root?.Dispose();
        _store?.Dispose();
        _stopping.Dispose();
    }
}
