using System.Diagnostics;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// CPU share and resident memory of a session's daemons while nothing changes. Memory is reported for all of
/// them together and per role (the largest server-side and the largest client-side process), since the
/// targets name the client's RSS.
/// </summary>
internal static class IdleProbe
{
    public static async Task MeasureAsync(BenchContext context, SyncTool tool, SyncSession session)
    {
        var pids = session.DaemonPids;
        if (pids.Count == 0)
        {
            return;
        }

        var clients = session.ClientPids.ToHashSet();
        await Task.Delay(context.Options.Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(3)); // let start-up work settle
        double cpuBefore = pids.Sum(p => ProcStat.CpuSeconds(p, reapedChildren: true)) + session.HelperCpuSeconds();
        var clock = Stopwatch.StartNew();
        long totalRss = 0;
        var peak = new Dictionary<int, ProcMemory>();
        while (clock.Elapsed < context.Options.IdleWindow)
        {
            var now = pids.ToDictionary(p => p, ProcMemory.Read);
            totalRss = Math.Max(totalRss, now.Values.Sum(m => m.Rss));
            foreach (var (pid, memory) in now)
            {
                if (memory.Rss > peak.GetValueOrDefault(pid, ProcMemory.Zero).Rss)
                {
                    peak[pid] = memory;
                }
            }

            await Task.Delay(250);
        }

        double cpuAfter = pids.Sum(p => ProcStat.CpuSeconds(p, reapedChildren: true)) + session.HelperCpuSeconds();
        context.Results.Add(Metric.IdleCpu, tool.Name, (cpuAfter - cpuBefore) / clock.Elapsed.TotalSeconds * 100);
        context.Results.Add(Metric.IdleRss, tool.Name, totalRss / 1048576.0);
        Report(context, tool, Metric.IdleRssServer, "server", peak.Where(p => !clients.Contains(p.Key)).Select(p => p.Value));
        Report(context, tool, Metric.IdleRssClient, "client", peak.Where(p => clients.Contains(p.Key)).Select(p => p.Value));
    }

    private static void Report(BenchContext context, SyncTool tool, Metric metric, string role, IEnumerable<ProcMemory> processes)
    {
        var largest = processes.MaxBy(m => m.Rss);
        if (largest is null)
        {
            return;
        }

        context.Results.Add(metric, tool.Name, largest.Rss / 1048576.0);
        context.Results.Check(tool.Name, $"ok   idle memory, largest {role} process at its peak: {largest}");
    }
}
