namespace FolderSync.Bench.Runner.Infra;

/// <summary>
/// What the runner's child processes (the tool under test and everything it starts) cost while a sample is open:
/// CPU-seconds of all of them, and the peak RSS of each, sampled from /proc every 100 ms (VmHWM is the kernel's
/// own high-water mark, so a sample only has to find the process alive after its peak).
/// </summary>
internal sealed class ResourceSampler : IAsyncDisposable
{
    private static readonly int Runner = Environment.ProcessId;
    private static readonly string RunnerName = ProcessTree.Name(Runner);
    private readonly Dictionary<int, (int Parent, long Peak)> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly double _reapedAtStart = ReapedCpuSeconds();
    private readonly Task _loop;

    public ResourceSampler() => _loop = Task.Run(LoopAsync);

    /// <summary>
    /// CPU-seconds since the start: every live descendant's own and reaped children's time (/proc stat), plus what
    /// the runner reaped meanwhile (one-shot runs). Each process is counted once: live by itself, reaped by its reaper.
    /// </summary>
    public double CpuSeconds()
    {
        double live = ProcessTree.Descendants(Runner).Keys.Sum(pid => ProcStat.CpuSeconds(pid, reapedChildren: true));
        return live + ReapedCpuSeconds() - _reapedAtStart;
    }

    /// <summary>The largest peak RSS (bytes) among the processes in the trees of <paramref name="roots"/>, or among all others when <paramref name="others"/>.</summary>
    public long PeakRss(IReadOnlyCollection<int> roots, bool others = false)
    {
        Sample();
        lock (_seen)
        {
            return _seen.Where(p => UnderAny(p.Key, roots) != others).Select(p => p.Value.Peak).DefaultIfEmpty(0).Max();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>CPU of the runner's children it has waited for (cutime + cstime of the runner).</summary>
    private static double ReapedCpuSeconds() => ProcStat.CpuSeconds(Runner, reapedChildren: true) - ProcStat.CpuSeconds(Runner);

    private bool UnderAny(int pid, IReadOnlyCollection<int> roots)
    {
        for (int hops = 0; hops < 64; hops++)
        {
            if (roots.Contains(pid))
            {
                return true;
            }

            if (!_seen.TryGetValue(pid, out var entry))
            {
                return false;
            }

            pid = entry.Parent;
        }

        return false;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Sample()
    {
        foreach (var (pid, parent) in ProcessTree.Descendants(Runner))
        {
            // A child between fork and exec still shows the runner's memory: not the tool's.
            if (ProcessTree.Name(pid) == RunnerName)
            {
                continue;
            }

            long peak = ProcessTree.PeakRss(pid);
            lock (_seen)
            {
                _seen[pid] = (parent, Math.Max(peak, _seen.GetValueOrDefault(pid).Peak));
            }
        }
    }
}
