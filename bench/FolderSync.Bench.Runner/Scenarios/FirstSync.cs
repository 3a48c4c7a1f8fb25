using System.Diagnostics;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

internal static class FirstSync
{
    /// <summary>Prepares and starts the session, and times (from the start) until the tool says done and every destination holds every file.</summary>
    public static async Task<double> TimeAsync(SyncSession session, IReadOnlyDictionary<string, long> expected)
    {
        await session.PrepareAsync();
        var clock = Stopwatch.StartNew();
        await session.StartAsync(expected, CancellationToken.None);
        var interval = TimeSpan.FromMilliseconds(expected.Count > 2000 ? 20 : 2);
        foreach (string dest in session.Paths.Destinations)
        {
            if (await Poll.UntilAsync(() => TreeManifest.SameSizes(expected, dest), TimeSpan.FromMinutes(10), interval) is null)
            {
                throw new TimeoutException($"{dest} was not complete after 10 minutes");
            }
        }

        return clock.Elapsed.TotalSeconds;
    }
}
