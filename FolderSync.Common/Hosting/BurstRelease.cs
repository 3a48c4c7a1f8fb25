namespace FolderSync.Common.Hosting;

/// <summary>
/// Calls <see cref="MemoryRelease.AfterBurst"/> when a burst of allocation ends: at least 16 MiB allocated in
/// consecutive busy ticks, then a tick that allocated under 2 MiB. The one place either daemon releases memory
/// (DaemonHost starts it): a start-up scan, serving a first sync (a full index, then thousands of FILE bodies) or
/// receiving one grows the heap outside any one component, and an idle daemon allocates too little to shrink it:
/// the server idled ~70 MiB above its post-scan level (docs/benchmarks.md, Issue 15).
/// </summary>
public sealed class BurstRelease : IDisposable
{
    internal const long BurstBytes = 16L << 20;
    internal const long QuietBytes = 2L << 20;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    private readonly Func<long> _allocated;
    private readonly Action _release;
    private readonly ITimer? _timer;
    private long _last;
    private long _burst;

    /// <summary>Watches this process's allocations every two seconds.</summary>
    public BurstRelease(TimeProvider time)
        : this(() => GC.GetTotalAllocatedBytes(), MemoryRelease.AfterBurst) =>
        _timer = time.CreateTimer(_ => Tick(), null, Period, Period);

    /// <summary>Driven by <see cref="Tick"/> alone (tests).</summary>
    internal BurstRelease(Func<long> allocated, Action release)
    {
        _allocated = allocated;
        _release = release;
        _last = allocated();
    }

    /// <summary>One look at the allocation counter; the timer's ticks never overlap in practice (a release takes ms).</summary>
    internal void Tick()
    {
        long now = _allocated();
        long grown = now - Interlocked.Exchange(ref _last, now);
        if (grown >= QuietBytes)
        {
            _burst += grown;
            return;
        }

        if (_burst >= BurstBytes)
        {
            _release();
        }

        _burst = 0;
    }

    public void Dispose() => _timer?.Dispose();
}
