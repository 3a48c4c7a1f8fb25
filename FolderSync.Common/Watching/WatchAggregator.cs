using FolderSync.Common.Protocol;

namespace FolderSync.Common.Watching;

/// <summary>
/// Turns resolved inotify events into batches: pairs moves by cookie, emits complete files at once,
/// holds files still being written and removals for the debounce window, coalesces per path, and
/// groups bursts. No I/O; time comes from the injected <see cref="TimeProvider"/>.
/// Not thread-safe: one reader thread owns it.
/// </summary>
internal sealed class WatchAggregator
{
    /// <summary>Both halves of a rename are queued together, so a missing half is a move in or out.</summary>
    public static readonly TimeSpan DefaultPairWindow = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// This many paths within <see cref="BurstDetectWindow"/> is a burst (git checkout, tar x), not a
    /// person editing: batches are then spaced by <see cref="BurstSpacing"/> so they grow large.
    /// </summary>
    public const int BurstThreshold = 64;

    public static readonly TimeSpan BurstDetectWindow = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan BurstSpacing = TimeSpan.FromMilliseconds(20);

    private readonly TimeProvider _time;
    private readonly Func<RelativePath, bool> _isIgnored;
    private readonly long _debounce;
    private readonly long _pairWindow;
    private readonly long _burstDetectWindow;
    private readonly long _burstSpacing;
    private readonly Dictionary<RelativePath, (WatchPathState State, long Since)> _pending = [];
    private readonly List<RelativePath> _ready = [];
    private readonly Queue<(RelativePath Path, long Since)> _held = new();
    private readonly Dictionary<uint, (RelativePath Path, bool IsDirectory, long At)> _movesFrom = [];
    private readonly List<WatchMove> _moves = [];
    private string? _rescanReason;
    private long _lastFlush;
    private long _windowStart;
    private int _windowCount;
    private int _previousWindowCount;

    public WatchAggregator(TimeProvider time, TimeSpan debounce, Func<RelativePath, bool> isIgnored, TimeSpan? pairWindow = null)
    {
        _time = time;
        _isIgnored = isIgnored;
        _debounce = ToTicks(debounce);
        _pairWindow = ToTicks(pairWindow ?? DefaultPairWindow);
        _burstDetectWindow = ToTicks(BurstDetectWindow);
        _burstSpacing = ToTicks(BurstSpacing);
        _lastFlush = _windowStart = time.GetTimestamp() - _burstDetectWindow;
    }

    /// <summary>Paths waiting for a flush (for tests and health).</summary>
    public int PendingCount => _pending.Count;

    public DirectoryAction Add(in WatchEvent e)
    {
        long now = _time.GetTimestamp();
        if (e.Kind == WatchEventKind.MovedFrom)
        {
            _movesFrom[e.Cookie] = (e.Path, e.IsDirectory, now);
            return DirectoryAction.None;
        }

        if (e.Kind == WatchEventKind.MovedTo)
        {
            return AddMovedTo(e, now);
        }

        if (_isIgnored(e.Path))
        {
            return DirectoryAction.None;
        }

        switch (e.Kind)
        {
            case WatchEventKind.Created when e.IsDirectory:
                Mark(e.Path, WatchPathState.Ready, now);
                return new DirectoryAction(DirectoryActionKind.Appeared, e.Path);
            case WatchEventKind.Created or WatchEventKind.Modified:
                Mark(e.Path, WatchPathState.Writing, now);
                break;
            case WatchEventKind.ClosedWrite:
                Mark(e.Path, WatchPathState.Ready, now);
                break;
            case WatchEventKind.Attrib:
                // chmod or touch of a file at rest is complete; it must not cut short a write or removal hold.
                if (!_pending.TryGetValue(e.Path, out var entry) || entry.State == WatchPathState.Ready)
                {
                    Mark(e.Path, WatchPathState.Ready, now);
                }

                break;
            case WatchEventKind.Deleted:
                Mark(e.Path, WatchPathState.Removed, now);
                return e.IsDirectory ? new DirectoryAction(DirectoryActionKind.Gone, e.Path) : DirectoryAction.None;
        }

        return DirectoryAction.None;
    }

    /// <summary>An entry found by scanning a new directory: reported as a complete change.</summary>
    public void AddScanned(RelativePath path)
    {
        if (!_isIgnored(path))
        {
            Mark(path, WatchPathState.Ready, _time.GetTimestamp());
        }
    }

    public void RequestRescan(string reason) => _rescanReason ??= reason;

    /// <summary>
    /// Turns moved-from halves whose pair window passed into removals; returns the directories among
    /// them, which left the folder and whose watches must go.
    /// </summary>
    public IReadOnlyList<RelativePath> ExpirePairs()
    {
        if (_movesFrom.Count == 0)
        {
            return [];
        }

        long now = _time.GetTimestamp();
        List<RelativePath>? gone = null;
        foreach (var (cookie, from) in _movesFrom)
        {
            if (now - from.At < _pairWindow)
            {
                continue;
            }

            _movesFrom.Remove(cookie);
            if (!_isIgnored(from.Path))
            {
                Mark(from.Path, WatchPathState.Removed, now);
                if (from.IsDirectory)
                {
                    (gone ??= []).Add(from.Path);
                }
            }
        }

        return gone ?? (IReadOnlyList<RelativePath>)[];
    }

    /// <summary>Time until <see cref="ExpirePairs"/> has work, or null.</summary>
    public TimeSpan? NextPairDeadline()
    {
        if (_movesFrom.Count == 0)
        {
            return null;
        }

        long oldest = long.MaxValue;
        foreach (var from in _movesFrom.Values)
        {
            oldest = Math.Min(oldest, from.At);
        }

        return Until(oldest + _pairWindow);
    }

    /// <summary>Time until <see cref="TryFlush"/> has something to emit, or null when nothing is pending.</summary>
    public TimeSpan? NextFlushDeadline()
    {
        if (_rescanReason is not null)
        {
            return TimeSpan.Zero;
        }

        if (_ready.Count > 0 || _moves.Count > 0)
        {
            return InBurst(_time.GetTimestamp()) ? Until(_lastFlush + _burstSpacing) : TimeSpan.Zero;
        }

        return TryPeekHeld(out var since) ? Until(since + _debounce) : null;
    }

    /// <summary>Emits every complete path, every held path whose window passed, and the moves; null if none.</summary>
    public WatchBatch? TryFlush()
    {
        long now = _time.GetTimestamp();
        bool rescan = _rescanReason is not null;
        if (!rescan && InBurst(now) && (_ready.Count > 0 || _moves.Count > 0))
        {
            return null;
        }

        var changed = new List<RelativePath>();
        foreach (var path in _ready)
        {
            if (_pending.TryGetValue(path, out var entry) && entry.State == WatchPathState.Ready)
            {
                _pending.Remove(path);
                changed.Add(path);
            }
        }

        _ready.Clear();
        while (TryPeekHeld(out long since) && now - since >= _debounce)
        {
            var path = _held.Dequeue().Path;
            _pending.Remove(path);
            changed.Add(path);
        }

        if (changed.Count == 0 && _moves.Count == 0 && !rescan)
        {
            return null;
        }

        var batch = new WatchBatch(changed, _moves.ToArray(), rescan, _rescanReason);
        _moves.Clear();
        _rescanReason = null;
        RollBurstWindow(now);
        _windowCount += batch.Changed.Count + batch.Moves.Count;
        _lastFlush = now;
        return batch;
    }

    private DirectoryAction AddMovedTo(in WatchEvent e, long now)
    {
        bool toIgnored = _isIgnored(e.Path);
        if (_movesFrom.Remove(e.Cookie, out var from) && !_isIgnored(from.Path))
        {
            if (!toIgnored)
            {
                Move(from.Path, e.Path, e.IsDirectory, now);
                return e.IsDirectory ? new DirectoryAction(DirectoryActionKind.Moved, e.Path, from.Path) : DirectoryAction.None;
            }

            // Renamed to an ignored name (vim's "file" -> "file~"): a removal, held in case it comes back.
            Mark(from.Path, WatchPathState.Removed, now);
            return e.IsDirectory ? new DirectoryAction(DirectoryActionKind.Gone, from.Path) : DirectoryAction.None;
        }

        if (toIgnored)
        {
            return DirectoryAction.None;
        }

        // Moved in from outside or from an ignored name (rsync's temp file): a complete entry appeared.
        Mark(e.Path, WatchPathState.Ready, now);
        return e.IsDirectory ? new DirectoryAction(DirectoryActionKind.Appeared, e.Path) : DirectoryAction.None;
    }

    private void Move(RelativePath from, RelativePath to, bool isDirectory, long now)
    {
        _moves.Add(new WatchMove(from, to, isDirectory));

        // Pending changes travel with the entry, so the engine stats them where they now are.
        if (!isDirectory)
        {
            if (_pending.Remove(from, out var entry))
            {
                Mark(to, entry.State, now);
            }

            return;
        }

        var under = new List<(RelativePath Path, WatchPathState State)>();
        foreach (var (path, entry) in _pending)
        {
            if (path.IsSameOrUnder(from))
            {
                under.Add((path, entry.State));
            }
        }

        foreach (var (path, state) in under)
        {
            _pending.Remove(path);
            Mark(path.Rebase(from, to), state, now);
        }
    }

    private void Mark(RelativePath path, WatchPathState state, long now)
    {
        _pending[path] = (state, now);
        if (state == WatchPathState.Ready)
        {
            _ready.Add(path);
        }
        else
        {
            _held.Enqueue((path, now));
        }
    }

    /// <summary>The oldest live held entry; stale queue items (re-marked or emitted since) are dropped.</summary>
    private bool TryPeekHeld(out long since)
    {
        while (_held.TryPeek(out var held))
        {
            if (_pending.TryGetValue(held.Path, out var entry) && entry.State != WatchPathState.Ready && entry.Since == held.Since)
            {
                since = held.Since;
                return true;
            }

            _held.Dequeue();
        }

        since = 0;
        return false;
    }

    private bool InBurst(long now)
    {
        RollBurstWindow(now);
        return (_windowCount >= BurstThreshold || _previousWindowCount >= BurstThreshold) && now - _lastFlush < _burstSpacing;
    }

    /// <summary>Two fixed windows, so a burst goes on across a window boundary.</summary>
    private void RollBurstWindow(long now)
    {
        long elapsed = now - _windowStart;
        if (elapsed >= _burstDetectWindow)
        {
            _previousWindowCount = elapsed < 2 * _burstDetectWindow ? _windowCount : 0;
            _windowStart = now;
            _windowCount = 0;
        }
    }

    private TimeSpan Until(long timestamp) =>
        TimeSpan.FromTicks(Math.Max(0, (long)((timestamp - _time.GetTimestamp()) * ((double)TimeSpan.TicksPerSecond / _time.TimestampFrequency))));

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
