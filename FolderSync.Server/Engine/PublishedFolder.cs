using FolderSync.Common.Compression;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Transfer;
using FolderSync.Common.Watching;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// One published folder on the server: the single point of decision. Its own disk changes are
/// authoritative; client changes are decided here; every accepted change gets the next sequence number
/// and reaches every subscribed client, in order.
/// </summary>
public sealed partial class PublishedFolder : IAsyncDisposable
{
    private readonly PublishedFolderOptions _options;
    private readonly ILogger _logger;
    private readonly InotifyWatcher _inotify;
    private readonly WorkQueue _queue = new();
    private readonly List<IFolderClient> _clients = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly SafetyInterlock _safety;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StateStore? _store;
    private FolderRoot? _root;
    private Trash? _trash;
    private LocalTree? _tree;
    private FolderWatcher? _watcher;
    private ChunkBackfill? _backfill;
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

    /// <summary>Large files whose chunk list (the base of their next delta) is still being computed.</summary>
    internal int PendingChunkLists => _backfill?.Pending ?? 0;

    public string? HaltReason => _safety.HaltReason;

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

    internal StateStore Store => _store ?? throw new InvalidOperationException("folder not started");

    internal FolderRoot Root => _root ?? throw new InvalidOperationException("folder not started");

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

    private async Task OpenAndScanAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.StateDir);
        _store = StateStore.Open(System.IO.Path.Combine(_options.StateDir, $"folder-{_options.Name}.db"));
        _root = FolderRoot.Open(_options.Path);
        _trash = new Trash(System.IO.Path.Combine(_options.StateDir, "trash", _options.Name));
        _tree = new LocalTree(_options.Path, new ScanOptions { MaxFileSizeBytes = _options.Sync.MaxFileSizeBytes }, _store);
        _watcher = _inotify.Watch(_options.Path, LocalFeed.WatcherOptionsFor(_options.Sync));
        _backfill = new ChunkBackfill(ChunkRecorded, _queue, RecordChunks);

        var changes = await _tree.ScanAllAsync(cancellationToken);
        StaleTempFiles.Remove(_root, _tree.LastOwnTempFiles, _logger);
        ApplyLocalChanges(changes, fullScan: true);
        _logger.LogInformation("Folder {Folder} ready at {Path}: {Files} entries, sequence {Sequence}, {Hashed} hashed", Name, Path, FileCount, Sequence, _tree.LastHashedCount);

        var stop = _stopping.Token;
        _loops = Task.WhenAll(_queue.RunAsync(stop), _backfill.RunAsync(stop), new LocalFeed(_watcher, _queue, _options.Sync, _logger).RunAsync(batch => OnWatchBatchAsync(batch, stop), () => RescanAsync("periodic", stop), dirs => PollUnwatchedAsync(dirs, stop), stop));
    }


    private async Task OnWatchBatchAsync(WatchBatch batch, CancellationToken cancellationToken)
    {
        if (batch.RescanAll)
        {
            await RescanAsync(batch.RescanReason ?? "watcher asked", cancellationToken);
            return;
        }

        foreach (var move in batch.Moves)
        {
            TryApplyLocalMove(move);
        }

        // A move that was not one for us (a temp file renamed over its target) is a change at both ends.
        var paths = batch.Changed.Concat(batch.Moves.SelectMany(m => new[] { m.From, m.To })).Distinct();
        ApplyLocalChanges(_tree!.ScanPaths(paths), fullScan: false);
    }

    private async Task RescanAsync(string reason, CancellationToken cancellationToken)
    {
        _logger.LogDebug("Rescanning {Folder}: {Reason}", Name, reason);
        _trash!.Prune(DateTimeOffset.UtcNow);
        ApplyLocalChanges(await _tree!.ScanAllAsync(cancellationToken), fullScan: true);
    }

    /// <summary>The subtrees the watcher could not watch (the inotify watch limit), walked on the poll timer.</summary>
    private async Task PollUnwatchedAsync(IReadOnlyList<RelativePath> directories, CancellationToken cancellationToken) =>
        ApplyLocalChanges(await _tree!.ScanSubtreesAsync(directories, cancellationToken), fullScan: false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _started.TrySetCanceled(CancellationToken.None);
        await _queue.StopAsync(_stopping, _loops);

        _watcher?.Dispose();
        _trash?.Dispose();
        _root?.Dispose();
        _store?.Dispose();
        _stopping.Dispose();
    }
}
