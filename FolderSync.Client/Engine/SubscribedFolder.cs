using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Transfer;
using FolderSync.Common.Watching;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// The client side of one folder. One loop owns the disk and the state table; the connection loop and
/// the watcher only post work to it. The server decides conflicts; the client reconciles
/// base × local × remote per path and acts, within what its access mode allows.
/// </summary>
public sealed partial class SubscribedFolder : IAsyncDisposable
{
    private readonly SubscribedFolderOptions _options;
    private readonly ILogger _logger;
    private readonly InotifyWatcher _inotify;
    private readonly WorkQueue _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SafetyInterlock _safety;
    private readonly PendingUploads _uploads = new();
    private readonly HashSet<RelativePath> _downloads = [];
    private readonly Dictionary<RelativePath, EntryState?> _remoteHints = [];
    private StateStore? _store;
    private FolderRoot? _root;
    private LocalTree? _tree;
    private Trash? _trash;
    private FolderWatcher? _watcher;
    private Task _loops = Task.CompletedTask;
    private long _nextRequestId;
    private volatile bool _fullIndexWanted;
    private int _disposed;

    public SubscribedFolder(SubscribedFolderOptions options, InotifyWatcher inotify, ILogger logger)
    {
        _options = options;
        _inotify = inotify;
        _logger = logger;
        _safety = new SafetyInterlock(options.Folder, logger);
    }

    private StateStore Store => _store!;

    private FolderRoot Root => _root!;

    /// <summary>Completes when the folder loop runs an empty step: the systemd watchdog's proof that it is not stuck.</summary>
    public Task ProbeAsync() => _queue.Post(() => { });

    /// <summary>Opens state and root, scans what changed while we were down, then watches and connects.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.StateDir);
        Directory.CreateDirectory(_options.LocalPath);
        _store = StateStore.Open(Path.Combine(_options.StateDir, "client.db"));
        _root = FolderRoot.Open(_options.LocalPath);
        _trash = Trash.ForStateDir(_options.StateDir);
        _tree = new LocalTree(_options.LocalPath, new ScanOptions { MaxFileSizeBytes = _options.Sync.MaxFileSizeBytes }, _store);
        _watcher = _inotify.Watch(_options.LocalPath, LocalFeed.WatcherOptionsFor(_options.Sync));
        var changes = await _tree.ScanAllAsync(cancellationToken);
        StaleTempFiles.Remove(_root, _tree.LastOwnTempFiles, _logger);
        if (!_safety.ShouldHalt(_tree, _store))
        {
            RecordLocal(changes);
        }

        // A file the table does not know may be the server's content whose row never got committed (stopped
        // between rename and commit, or a lost row): only a full index tells it from a local create.
        _fullIndexWanted = changes.Any(c => c.Now is not null && c.Before is null);
        _logger.LogInformation("Local folder {Path} scanned: {Count} entries, {Hashed} hashed", _options.LocalPath, _tree.LastScanEntryCount, _tree.LastHashedCount);

        _backfill = new ChunkBackfill(TryChunk, _queue, RecordChunks);
        _flusher = new FileSystemFlusher(() => Root.SyncFileSystem(), OnFlushFailed);
        var stop = _stopping.Token;
        _loops = Task.WhenAll(_queue.RunAsync(stop), _backfill.RunAsync(stop), new LocalFeed(_watcher, _queue, _options.Sync, _logger).RunAsync(batch => OnWatchBatchAsync(batch, stop), () => RescanAsync(stop), dirs => PollUnwatchedAsync(dirs, stop), stop), ConnectLoopAsync(stop));
    }


    private async Task OnWatchBatchAsync(WatchBatch batch, CancellationToken cancellationToken)
    {
        if (batch.RescanAll)
        {
            _logger.LogInformation("Rescanning {Path}: {Reason}", _options.LocalPath, batch.RescanReason);
            await RescanAsync(cancellationToken);
            return;
        }

        var paths = batch.Changed.Concat(batch.Moves.SelectMany(m => new[] { m.From, m.To })).Distinct();
        OnLocalChanges(_tree!.ScanPaths(paths));
    }

    private async Task RescanAsync(CancellationToken cancellationToken)
    {
        _trash!.Prune(DateTimeOffset.UtcNow);
        var changes = await _tree!.ScanAllAsync(cancellationToken);
        if (!_safety.ShouldHalt(_tree, Store))
        {
            OnLocalChanges(changes);
        }
    }

    /// <summary>The subtrees the watcher could not watch (the inotify watch limit), walked on the poll timer.</summary>
    private async Task PollUnwatchedAsync(IReadOnlyList<RelativePath> directories, CancellationToken cancellationToken) =>
        OnLocalChanges(await _tree!.ScanSubtreesAsync(directories, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _queue.StopAsync(_stopping, _loops);
        if (_store is not null)
        {
            CommitAppliedRows(); // The loop has stopped: nothing else writes.
        }

        // Bodies received but never applied: their temp files go, the next connection sends them again.
        foreach (var temp in _receivedTemps.Keys)
        {
            if (_receivedTemps.TryRemove(temp, out _))
            {
                temp.Dispose();
            }
        }

        _watcher?.Dispose();
        _trash?.Dispose();
        _root?.Dispose();
        _store?.Dispose();
        _stopping.Dispose();
        _receiveAhead.Dispose();
    }
}
