using System.Diagnostics;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// A settled session's daemons at rest: RSS of the largest server-side and client-side process, per tracked file,
/// and the server side's CPU share over the window (100 % = one core).
/// </summary>
internal sealed record RestingMemory(long Server, long Client, double ServerCpuPercent)
{
    public static async Task<RestingMemory> MeasureAsync(BenchContext context, SyncSession session)
    {
        await Task.Delay(context.Options.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5)); // start-up work settles
        var clients = session.ClientPids.ToHashSet();
        var servers = session.DaemonPids.Where(p => !clients.Contains(p)).ToList();
        double before = servers.Sum(p => ProcStat.CpuSeconds(p, reapedChildren: true));
        var clock = Stopwatch.StartNew();
        await Task.Delay(context.Options.IdleWindow);
        double cpu = (servers.Sum(p => ProcStat.CpuSeconds(p, reapedChildren: true)) - before) / clock.Elapsed.TotalSeconds * 100;
        long Largest(IEnumerable<int> pids) => pids.Select(p => ProcMemory.Read(p).Rss).DefaultIfEmpty(0).Max();
        return new RestingMemory(Largest(servers), Largest(clients), cpu);
    }

    /// <param name="files">Tracked files, for the per-file rows; null where a small tree would make them meaningless (the client scenarios).</param>
    public void Record(Results results, string tool, ScaleMetrics metrics, int? files)
    {
        results.Add(metrics.IdleServer, tool, Server / 1048576.0);
        results.Add(metrics.IdleCpu, tool, ServerCpuPercent);
        if (Client > 0)
        {
            results.Add(metrics.IdleClient, tool, Client / 1048576.0);
        }

        if (files is { } tracked && Client > 0)
        {
            results.Add(metrics.PerFileClient, tool, Client / 1024.0 / tracked);
            results.Add(metrics.PerFileServer, tool, Server / 1024.0 / tracked);
        }
    }
}
