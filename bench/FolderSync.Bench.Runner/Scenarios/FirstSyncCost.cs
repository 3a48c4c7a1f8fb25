using FolderSync.Bench.Runner.Report;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// One first sync: wall time, CPU-seconds of all the tool's processes, and the peak RSS (bytes) of the largest
/// serving process (FolderSync's server, the rsync daemon's receiver) and of the largest other one (a client);
/// <paramref name="QuietCpuSeconds"/>: the CPU-seconds once the processes are quiet after the tree is complete.
/// </summary>
internal sealed record FirstSyncCost(double Seconds, double CpuSeconds, double QuietCpuSeconds, long ServerPeak, long ClientPeak)
{
    public void Record(Results results, string tool, FirstSyncMetrics metrics)
    {
        results.Add(metrics.Time, tool, Seconds);
        results.Add(metrics.Cpu, tool, CpuSeconds);
        results.Add(metrics.CpuQuiet, tool, QuietCpuSeconds);
        if (ServerPeak > 0)
        {
            results.Add(metrics.RssServer, tool, ServerPeak / 1048576.0);
        }

        if (ClientPeak > 0)
        {
            results.Add(metrics.RssClient, tool, ClientPeak / 1048576.0);
        }
    }
}
