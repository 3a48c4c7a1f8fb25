using System.Diagnostics;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>CPU share and resident memory of a session's daemons while nothing changes.</summary>
internal static class IdleProbe
{
    public static async Task MeasureAsync(BenchContext context, SyncTool tool, SyncSession session)
    {
        var pids = session.DaemonPids;
        if (pids.Count == 0)
        {
            return;
        }

        await Task.Delay(context.Options.Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(3)); // let start-up work settle
        double cpuBefore = pids.Sum(p => ProcStat.CpuSeconds(p, reapedChildren: true)) + session.HelperCpuSeconds();
        var clock = Stopwatch.StartNew();
        long totalRss = 0;
        long largestRss = 0;
        while (clock.Elapsed < context.Options.IdleWindow)
        {
            var rss = pids.Select(ProcStat.RssBytes).ToList();
            totalRss = Math.Max(totalRss, rss.Sum());
            largestRss = Math.Max(largestRss, rss.Max());
            await Task.Delay(250);
        }

        double cpuAfter = pids.Sum(p => ProcStat.CpuSeconds(p, reapedChildren: true)) + session.HelperCpuSeconds();
        context.Results.Add(Metric.IdleCpu, tool.Name, (cpuAfter - cpuBefore) / clock.Elapsed.TotalSeconds * 100);
        context.Results.Add(Metric.IdleRss, tool.Name, totalRss / 1048576.0);
        context.Results.Add(Metric.IdleRssLargest, tool.Name, largestRss / 1048576.0);
    }
}
