using System.Diagnostics;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

internal static class FirstSync
{
    /// <summary>Prepares and starts the session, and times (from the start) until the tool says done and every destination holds every file.</summary>
    public static async Task<double> TimeAsync(SyncSession session, IReadOnlyDictionary<string, long> expected) =>
        (await MeasureAsync(session, expected)).Seconds;

    /// <summary>As <see cref="TimeAsync"/>, with the CPU-seconds of every process involved and the peak RSS of each side.</summary>
    public static async Task<FirstSyncCost> MeasureAsync(SyncSession session, IReadOnlyDictionary<string, long> expected)
    {
        await session.PrepareAsync();
        await using var sampler = new ResourceSampler();
        var clock = Stopwatch.StartNew();
        await session.StartAsync(expected, CancellationToken.None);
        var interval = TimeSpan.FromMilliseconds(expected.Count > 2000 ? 20 : 2);
        foreach (string dest in session.Paths.Destinations)
        {
            if (await Poll.UntilAsync(() => TreeManifest.SameSizes(expected, dest), TimeSpan.FromMinutes(30), interval) is null)
            {
                throw new TimeoutException($"{dest} was not complete after 30 minutes");
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        double cpu = sampler.CpuSeconds();
        double quiet = await QuietCpuAsync(sampler);
        var servers = session.DaemonPids.Except(session.ClientPids).ToHashSet();
        return new FirstSyncCost(seconds, cpu, quiet, sampler.PeakRss(servers), sampler.PeakRss(servers, others: true));
    }

    /// <summary>
    /// The CPU-seconds once the tool's processes use under 2 % of a core over a second (work left after the tree is
    /// complete, as the server's history at low priority, counts), or after 5 minutes.
    /// </summary>
    private static async Task<double> QuietCpuAsync(ResourceSampler sampler)
    {
        var deadline = Stopwatch.StartNew();
        double last = sampler.CpuSeconds();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            double now = sampler.CpuSeconds();
            if (now - last < 0.02)
            {
                return now;
            }

            last = now;
        }

        return last;
    }
}
