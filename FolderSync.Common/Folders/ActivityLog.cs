namespace FolderSync.Common.Folders;

/// <summary>
/// The daemon's recent changes, in memory only: a ring of the last <see cref="Capacity"/> entries, each with an id one
/// higher than the last. Written from the folder loops (one short lock, no I/O: an edit's latency is milliseconds),
/// read by the <c>activity</c> verb, which can wait for an entry newer than the one it printed last.
/// </summary>
public sealed class ActivityLog
{
    public const int DefaultCapacity = 1000;

    private readonly ActivityEntry?[] _ring;
    private readonly Lock _lock = new();
    private long _lastId;
    private TaskCompletionSource? _added;

    public ActivityLog(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new ActivityEntry?[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>The id of the newest entry; 0 while there is none.</summary>
    public long LastId
    {
        get
        {
            lock (_lock)
            {
                return _lastId;
            }
        }
    }

    public ActivityRecorder For(string folder) => new(this, folder);

    public void Add(string folder, ActivityKind kind, ActivityDirection direction, string path, string? to, long size, string who)
    {
        TaskCompletionSource? waiting;
        lock (_lock)
        {
            long id = ++_lastId;
            _ring[(id - 1) % _ring.Length] = new ActivityEntry(id, DateTimeOffset.UtcNow, folder, path, to, kind, direction, size, who);
            waiting = _added;
            _added = null;
        }

        waiting?.TrySetResult();
    }

    /// <summary>Up to <paramref name="count"/> entries, newest first; <paramref name="folder"/> null for every folder.</summary>
    public List<ActivityEntry> Newest(int count, string? folder = null)
    {
        var newest = new List<ActivityEntry>(Math.Min(count, _ring.Length));
        lock (_lock)
        {
            for (long id = _lastId; id > Math.Max(0, _lastId - _ring.Length) && newest.Count < count; id--)
            {
                var entry = _ring[(id - 1) % _ring.Length]!;
                if (folder is null || entry.Folder == folder)
                {
                    newest.Add(entry);
                }
            }
        }

        return newest;
    }

    /// <summary>The entries still held whose id is above <paramref name="afterId"/>, oldest first.</summary>
    public List<ActivityEntry> After(long afterId, string? folder = null)
    {
        lock (_lock)
        {
            return AfterLocked(afterId, folder);
        }
    }

    /// <summary>
    /// <see cref="After"/>, waiting up to <paramref name="wait"/> for an entry to arrive when there is none yet (a long
    /// poll); an empty list when the wait ends first.
    /// </summary>
    public async Task<List<ActivityEntry>> WaitAfterAsync(long afterId, string? folder, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        while (true)
        {
            Task added;
            lock (_lock)
            {
                if (_lastId > afterId)
                {
                    var after = AfterLocked(afterId, folder);
                    if (after.Count > 0)
                    {
                        return after;
                    }

                    // Only other folders' entries: wait on from the newest.
                    afterId = _lastId;
                }

                added = (_added ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            try
            {
                await added.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return [];
            }
        }
    }

    private List<ActivityEntry> AfterLocked(long afterId, string? folder)
    {
        var after = new List<ActivityEntry>();
        for (long id = Math.Max(afterId, _lastId - _ring.Length) + 1; id <= _lastId; id++)
        {
            var entry = _ring[(id - 1) % _ring.Length]!;
            if (folder is null || entry.Folder == folder)
            {
                after.Add(entry);
            }
        }

        return after;
    }
}
