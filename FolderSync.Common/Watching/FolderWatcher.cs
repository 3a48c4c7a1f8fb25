using System.Text;
using System.Text.Unicode;
using System.Threading.Channels;
using FolderSync.Common.Native;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;

namespace FolderSync.Common.Watching;

/// <summary>
/// The watch on one folder root, made by <see cref="InotifyWatcher.Watch"/>. The engine reads
/// <see cref="Batches"/> as hints and shows the health properties in <c>status</c>.
/// Everything but the public properties and <see cref="Dispose"/> runs on the watcher's reader thread.
/// </summary>
public sealed partial class FolderWatcher : IDisposable
{
    private readonly InotifyWatcher? _owner;
    private readonly Func<RelativePath, bool> _isIgnored;
    private readonly WatchAggregator? _aggregator;
    private readonly Channel<WatchBatch> _channel = Channel.CreateBounded<WatchBatch>(
        new BoundedChannelOptions(1) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool _waitingForRoom;
    private volatile string? _lastError;
    private volatile bool _degraded;
    private int _watchCount;
    private long _overflowCount;

    internal FolderWatcher(InotifyWatcher owner, string root, WatcherOptions options, TimeProvider time)
    {
        _owner = owner;
        Root = root;
        Mode = WatchMode.Inotify;
        var extra = options.IsIgnored;
        _isIgnored = extra is null ? PathFilter.IsHiddenPath : path => PathFilter.IsHiddenPath(path) || extra(path);
        _aggregator = new WatchAggregator(time, TimeSpan.FromMilliseconds(options.DebounceMilliseconds), _isIgnored);
    }

    /// <summary>A watcher that never reports: the engine rescans on its timer.</summary>
    internal FolderWatcher(string root, string? reason)
    {
        Root = root;
        Mode = WatchMode.Polling;
        _isIgnored = PathFilter.IsHiddenPath;
        _lastError = reason;
    }

    public string Root { get; }

    public WatchMode Mode { get; }

    /// <summary>Batches of changes; completed when the watcher is disposed.</summary>
    public ChannelReader<WatchBatch> Batches => _channel.Reader;

    /// <summary>Directories currently watched.</summary>
    public int WatchCount => Volatile.Read(ref _watchCount);

    /// <summary>Kernel queue overflows seen (each one triggered a full rescan).</summary>
    public long OverflowCount => Interlocked.Read(ref _overflowCount);

    /// <summary>The last problem worth showing in <c>status</c>, e.g. the watch limit.</summary>
    public string? LastError => _lastError;

    /// <summary>Some directory could not be watched: the engine must poll to see changes there.</summary>
    public bool Degraded => _degraded || HasUnwatched;

    public void Dispose()
    {
        _owner?.Remove(this);
        _channel.Writer.TryComplete();
    }

    internal void Start() => AddTree(string.Empty, report: false);

    internal void Complete() => _channel.Writer.TryComplete();

    internal void OnEvent(int wd, uint mask, uint cookie, ReadOnlySpan<byte> name)
    {
        if (!_wdToDir.TryGetValue(wd, out var dir))
        {
            return;
        }

        if ((mask & LibC.InIgnored) != 0)
        {
            OnWatchGone(wd, dir);
            return;
        }

        if ((mask & (LibC.InDeleteSelf | LibC.InMoveSelf)) != 0)
        {
            OnSelfEvent(wd, dir, mask);
            return;
        }

        if (name.IsEmpty || !Utf8.IsValid(name) || Kind(mask) is not { } kind || !TryMakePath(dir, name, out var path))
        {
            return;
        }

        var action = _aggregator!.Add(new WatchEvent(path, kind, (mask & LibC.InIsDir) != 0, cookie));
        Apply(action);
    }

    internal void OnOverflow()
    {
        Interlocked.Increment(ref _overflowCount);
        _aggregator!.RequestRescan("inotify queue overflowed (fs.inotify.max_queued_events): events were lost");

        // Directories created while events were lost have no watch yet.
        AddTree(string.Empty, report: false);
    }

    internal void OnFault(Exception error)
    {
        _lastError = $"watcher error: {error.Message}";
        _aggregator!.RequestRescan(_lastError);
    }

    /// <summary>Expires move halves and hands a batch to the channel if the consumer has room.</summary>
    internal void Pump()
    {
        foreach (var gone in _aggregator!.ExpirePairs())
        {
            ForgetTree(gone.Value);
        }

        if (_waitingForRoom)
        {
            return;
        }

        if (_channel.Reader.Count > 0)
        {
            // The engine is busy: keep coalescing here until it takes the batch it has.
            _waitingForRoom = true;
            _ = WakeWhenRoomAsync();
            return;
        }

        if (_aggregator.TryFlush() is { } batch)
        {
            _channel.Writer.TryWrite(batch);
        }
    }

    internal TimeSpan? NextDeadline()
    {
        var pair = _aggregator!.NextPairDeadline();
        var flush = _waitingForRoom ? null : _aggregator.NextFlushDeadline();
        return pair is null ? flush : flush is null ? pair : TimeSpan.FromTicks(Math.Min(pair.Value.Ticks, flush.Value.Ticks));
    }

    private async Task WakeWhenRoomAsync()
    {
        await _channel.Writer.WaitToWriteAsync();
        _waitingForRoom = false;
        _owner!.Wake();
    }

    private void Apply(DirectoryAction action)
    {
        switch (action.Kind)
        {
            case DirectoryActionKind.Appeared:
                AddTree(action.Path.Value, report: true);
                break;
            case DirectoryActionKind.Moved:
                RebaseTree(action.From!.Value.Value, action.Path.Value);
                if (!_dirToWd.ContainsKey(action.Path.Value))
                {
                    AddTree(action.Path.Value, report: true);
                }

                break;
            case DirectoryActionKind.Gone:
                ForgetTree(action.Path.Value);
                break;
        }
    }

    private static WatchEventKind? Kind(uint mask) =>
        (mask & LibC.InCreate) != 0 ? WatchEventKind.Created
        : (mask & LibC.InCloseWrite) != 0 ? WatchEventKind.ClosedWrite
        : (mask & LibC.InModify) != 0 ? WatchEventKind.Modified
        : (mask & LibC.InDelete) != 0 ? WatchEventKind.Deleted
        : (mask & LibC.InMovedFrom) != 0 ? WatchEventKind.MovedFrom
        : (mask & LibC.InMovedTo) != 0 ? WatchEventKind.MovedTo
        : (mask & LibC.InAttrib) != 0 ? WatchEventKind.Attrib
        : null;

    private static bool TryMakePath(string dir, ReadOnlySpan<byte> name, out RelativePath path)
    {
        // NAME_MAX is 255 bytes, so a real name always fits.
        path = default;
        if (name.Length > 255)
        {
            return false;
        }

        Span<char> chars = stackalloc char[256];
        int count = Encoding.UTF8.GetChars(name, chars);
        string value = dir.Length == 0 ? new string(chars[..count]) : string.Concat(dir, "/", chars[..count]);
        return RelativePath.TryParse(value, out path);
    }
}
