using FolderSync.Common.Compression;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;
using FolderSync.Server.History;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// One published folder on the server: the single point of decision. Its own disk changes are authoritative
/// (<see cref="HostChanges"/>); client changes are decided here (<see cref="ClientChanges"/>); every accepted change
/// is applied and recorded by <see cref="FolderChangeApplier"/>, gets the next sequence number and reaches every
/// subscribed client, in order (<see cref="Subscribers"/>). Everything runs as steps of one loop.
/// </summary>
public sealed class PublishedFolder : IAsyncDisposable
{
    private readonly PublishedFolderOptions _options;
    private readonly ILogger _logger;
    private readonly InotifyWatcher _inotify;
    private readonly WorkQueue _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SafetyInterlock _safety;
    private readonly FileProblems _problems = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StateStore? _store;
    private FolderRoot? _root;
    private Trash? _trash;
    private LocalTree? _tree;
    private FolderWatcher? _watcher;
    private ChunkLists? _chunks;
    private Subscribers? _subscribers;
    private ClientChanges? _clientChanges;
    private HistoryStore? _history;
    private ConflictRegistry? _conflicts;
    private HistoryRecorder? _recorder;
    private Restores? _restores;
    private ConflictResolutions? _resolutions;
    private DeleteGuard<LocalChange>? _guard;
    private DeleteGuard<HeldClientDelete>? _clientGuard;
    private HostChanges? _host;
    private SettleTimer? _hostSettle;
    private SettleTimer? _clientSettle;
    private Task _loops = Task.CompletedTask;
    private int _disposed;

    public PublishedFolder(PublishedFolderOptions options, InotifyWatcher inotify, ILogger logger)
    {
        _options = options;
        _inotify = inotify;
        _logger = logger;
        _safety = new SafetyInterlock(options.Name, logger);
    }

    public string Name => _options.Name;

    public string Path => _options.Path;

    public AccessMode Access => _options.Access;

    public long Sequence => _store?.CurrentSequence ?? 0;

    public long FileCount => _store?.LiveCount ?? 0;

    public long Bytes => _store?.LiveBytes ?? 0;

    /// <summary>Large files whose chunk list (the base of their next delta) is still being computed.</summary>
    internal int PendingChunkLists => _chunks?.Pending ?? 0;

    public string? HaltReason => _safety.HaltReason;

    /// <summary>Deletes of the server host and of Full clients not propagated (settling, or held over <c>Sync:MaxDeletePercent</c>).</summary>
    public int HeldDeletes => (_guard?.HeldCount ?? 0) + (_clientGuard?.HeldCount ?? 0);

    /// <summary>Why deletes wait for <see cref="ConfirmDeletesAsync"/>; null when none do.</summary>
    public string? HeldDeletesReason =>
        string.Join("; ", new[] { _guard?.Reason, _clientGuard?.Reason }.OfType<string>()) is { Length: > 0 } reason ? reason : null;

    /// <summary><c>confirm-deletes</c>: propagates the held deletes (of files still gone, for the host's); returns how many.</summary>
    public Task<int> ConfirmDeletesAsync() =>
        _queue.Post(() => Task.FromResult((_host?.ConfirmDeletes() ?? 0) + (_clientChanges?.ConfirmDeletes() ?? 0)));

    /// <summary>
    /// Completes when the start-up scan is recorded and the loop runs (cancelled if the start failed): the
    /// listener opens before it, so clients connect while the folder is still scanning and wait here.
    /// </summary>
    public Task Started => _started.Task;

    /// <summary>Completes when the folder loop runs an empty step: the systemd watchdog's proof that it is not stuck.</summary>
    public Task ProbeAsync() => _queue.Post(() => { });

    /// <summary>Whether this folder's sessions encode the bodies they send (<c>Sync:Compression</c>).</summary>
    internal CompressionMode BodyCompression => _options.Sync.BodyCompression;

    public System.Text.Json.Nodes.JsonObject WatcherStatus() => Common.Folders.WatcherStatus.Describe(_watcher);

    /// <summary>Files on the server that are never published (binary, too large, ignored), with the reason.</summary>
    public System.Text.Json.Nodes.JsonObject SkippedStatus()
    {
        var skipped = _tree?.Skipped.ToList() ?? [];
        return StatusJson.PathList(skipped.Count, skipped.Take(20).Select(s => (s.Path.Value, s.Detail is null ? s.Reason.ToString() : $"{s.Reason}: {s.Detail}")));
    }

    /// <summary>The paths clients could not write here lately, with the cause.</summary>
    public System.Text.Json.Nodes.JsonObject ProblemsStatus() => _problems.ToJson(20);

    /// <summary>
    /// The folder's version history (docs/sync-model.md, History), for <c>history</c>: Versions(path), Deleted(),
    /// Find(id), LatestBefore(path, time), CopyContent(sha256, stream). Rows are written off the loop, shortly after
    /// the change.
    /// </summary>
    public HistoryStore History => _history ?? throw NotStarted();

    /// <summary>History rows queued and not yet written (a test waits for 0).</summary>
    internal int PendingHistory => _recorder?.Pending ?? 0;

    /// <summary>Every conflict whose copy still exists, oldest first, for <c>conflicts</c>.</summary>
    public IReadOnlyList<OpenConflict> OpenConflicts() => _conflicts?.List() ?? [];

    /// <summary>
    /// <c>resolve</c>: ends the open conflicts of <paramref name="path"/> (the file or a copy) keeping <paramref name="keep"/>;
    /// the copy is deleted through the normal path unless both are kept. Returns how many conflicts were resolved.
    /// </summary>
    public Task<int> ResolveAsync(RelativePath path, ConflictKeep keep, string origin) =>
        _queue.Post(() => Task.FromResult(_resolutions?.Resolve(path, keep, origin) ?? 0));

    /// <summary>
    /// Writes version <paramref name="versionId"/> of <paramref name="path"/> back, at <paramref name="to"/> when given:
    /// a new version every client receives, authored by <paramref name="origin"/>; the replaced content stays in history.
    /// </summary>
    public Task<RestoreResult> RestoreAsync(RelativePath path, long versionId, RelativePath? to, string origin) =>
        _queue.Post(() => Task.FromResult(Restorer.Restore(path, History.Find(versionId), versionId.ToString(System.Globalization.CultureInfo.InvariantCulture), to, origin)));

    /// <summary>Restores the newest stored version of <paramref name="path"/> recorded at or before <paramref name="time"/>.</summary>
    public Task<RestoreResult> RestoreAsync(RelativePath path, DateTimeOffset time, RelativePath? to, string origin) =>
        _queue.Post(() => Task.FromResult(Restorer.Restore(path, History.LatestBefore(path.Value, time), $"at or before {time:O}", to, origin)));

    internal StateStore Store => _store ?? throw NotStarted();

    internal FolderRoot Root => _root ?? throw NotStarted();

    private Subscribers Subscribers => _subscribers ?? throw NotStarted();

    private ClientChanges ClientChanges => _clientChanges ?? throw NotStarted();

    private Restores Restorer => _restores ?? throw NotStarted();

    /// <summary>Opens state and root, records what changed on disk while we were down, then watches.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await OpenAndScanAsync(cancellationToken);
            _started.TrySetResult();
        }
        catch
        {
            _started.TrySetCanceled(CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Sends WELCOME and the index (everything, or the changes since the client's last sequence) and
    /// subscribes the client, in one step of the loop, so no change falls between the index and the live stream.
    /// </summary>
    public Task SubscribeAsync(IFolderClient client, long lastSequence) => _queue.Post(() => Subscribers.Subscribe(client, lastSequence));

    public Task UnsubscribeAsync(IFolderClient client) => _queue.Post(() => Subscribers.Unsubscribe(client));

    /// <summary>FILE_REQUEST: the current content of a path, queued in order with the live pushes.</summary>
    public Task ServeRequestAsync(IFolderClient client, RelativePath path) => _queue.Post(() => Subscribers.Serve(client, path));

    /// <summary>FILE_UPDATE from a client, its body already in a temp file beside the target.</summary>
    /// <param name="ops">For an upload that came as FILE_DELTA: its ops against the server's version it was rebuilt from.</param>
    public Task ApplyUploadAsync(IFolderClient client, FileUpdateMessage upload, AtomicFileWriter temp, IReadOnlyList<DeltaOp>? ops = null) =>
        _queue.Post(() => ClientChanges.Upload(client, upload, temp, ops));

    public Task ApplyDirCreateAsync(IFolderClient client, DirCreateMessage create) => _queue.Post(() => ClientChanges.CreateDirectory(client, create));

    public Task ApplyDeleteAsync(IFolderClient client, FileDeleteMessage delete) => _queue.Post(() => ClientChanges.Delete(client, delete));

    public Task ApplyMoveAsync(IFolderClient client, FileMoveMessage move) => _queue.Post(() => ClientChanges.Move(client, move));

    public Task ApplyModeAsync(IFolderClient client, FileModeMessage chmod) => _queue.Post(() => ClientChanges.SetMode(client, chmod));

    /// <summary>The body of an upload could not even be stored in a temp file.</summary>
    internal Task ReportUploadFailureAsync(IFolderClient client, FileUpdateMessage upload, IOException failure) =>
        _queue.Post(() => ClientChanges.ReportUploadFailure(client, upload, failure));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _started.TrySetCanceled(CancellationToken.None);
        await _queue.StopAsync(_stopping, _loops);
        _hostSettle?.Dispose();
        _clientSettle?.Dispose();

        _watcher?.Dispose();
        _trash?.Dispose();
        _conflicts?.Dispose();
        _history?.Dispose();
        _root?.Dispose();
        _store?.Dispose();
        _stopping.Dispose();
    }

    private async Task OpenAndScanAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.StateDir);
        var store = _store = StateStore.Open(System.IO.Path.Combine(_options.StateDir, $"folder-{_options.Name}.db"));
        var root = _root = FolderRoot.Open(_options.Path);
        var trash = _trash = new Trash(System.IO.Path.Combine(_options.StateDir, "trash", _options.Name), TrashRetention.ForDays(_options.Sync.TrashRetentionDays), _options.Time);
        var tree = _tree = new LocalTree(_options.Path, new ScanOptions { MaxFileSizeBytes = _options.Sync.MaxFileSizeBytes }, store);
        _watcher = _inotify.Watch(_options.Path, LocalFeed.WatcherOptionsFor(_options.Sync));

        string historyPath = System.IO.Path.Combine(_options.StateDir, $"history-{_options.Name}.db");
        var history = _history = HistoryStore.Open(historyPath);
        var conflicts = _conflicts = ConflictRegistry.Open(historyPath);
        var recorder = _recorder = new HistoryRecorder(Name, history, root, _options.History, _options.Time, _logger);

        var applier = new FolderChangeApplier(store, root, trash, _problems, recorder, conflicts, _options.Activity.For(Name));
        var chunks = _chunks = new ChunkLists(Name, store, root, _queue, applier, _logger);
        var subscribers = _subscribers = new Subscribers(_options, store, root, _logger);
        var structure = new StructureDecisions(_options, store, applier, subscribers, _logger);
        var clientGuard = _clientGuard = new DeleteGuard<HeldClientDelete>(
            Name, _options.Sync, () => store.LiveCount, d => d.Path, d => $"by {string.Join(", ", d.Select(h => h.Client.ClientId).Distinct().Order())}", _options.Time, _logger);
        var clientDeletes = new ClientDeletes(structure, clientGuard);
        _restores = new Restores(Name, store, applier, chunks, subscribers, recorder, _logger);
        _resolutions = new ConflictResolutions(Name, store, root, applier, chunks, subscribers, conflicts, recorder, _logger);
        _clientChanges = new ClientChanges(
            _options,
            new UploadDecisions(_options, store, root, applier, chunks, subscribers, new EditMerger(root, recorder), recorder, conflicts, _logger),
            structure,
            subscribers,
            _problems,
            recorder,
            _logger,
            new ModeDecisions(_options, store, applier, subscribers, _logger),
            clientDeletes);
        var clientChanges = _clientChanges;
        var guard = _guard = new DeleteGuard<LocalChange>(Name, _options.Sync, () => store.LiveCount, c => c.Path, _ => "on the server", _options.Time, _logger);
        var host = _host = new HostChanges(Name, tree, trash, store, _safety, guard, applier, chunks, subscribers, _logger);
        var hostSettle = _hostSettle = new SettleTimer(_queue, host.SettleDeletes, _stopping.Token);
        host.DeletesSettling = hostSettle.Restart;
        var clientSettle = _clientSettle = new SettleTimer(_queue, clientChanges.SettleDeletes, _stopping.Token);
        clientDeletes.Settling = clientSettle.Restart;

        var changes = await tree.ScanAllAsync(cancellationToken);
        StaleTempFiles.Remove(root, tree.LastOwnTempFiles, _logger);
        host.Apply(changes, fullScan: true);
        _logger.LogInformation("Folder {Folder} ready at {Path}: {Files} entries, sequence {Sequence}, {Hashed} hashed", Name, Path, FileCount, Sequence, tree.LastHashedCount);
        var stop = _stopping.Token;
        _loops = Task.WhenAll(
            _queue.RunAsync(stop),
            chunks.RunAsync(stop),
            recorder.RunAsync(stop),
            new LocalFeed(_watcher, _queue, _options.Sync, _logger).RunAsync(batch => host.OnWatchBatchAsync(batch, stop), () => host.RescanAsync("periodic", stop), dirs => host.PollUnwatchedAsync(dirs, stop), stop));
    }

    private static InvalidOperationException NotStarted() => new("folder not started");
}
