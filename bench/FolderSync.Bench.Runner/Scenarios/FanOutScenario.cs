using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>One source, N destinations (FolderSync: N clients of one server; lsyncd: N targets): edits on A reach every B.</summary>
internal static class FanOutScenario
{
    public static async Task RunAsync(BenchContext context, SyncTool tool, int run)
    {
        int clients = context.Options.FanOutClients;
        var paths = context.NewTrees(tool, "fanout", run, context.Options.FanOutTree, destinations: clients);
        var expected = BenchContext.ExpectedSizes(tool, paths.Source);
        try
        {
            await using (var session = tool.CreateSession(paths))
            {
                await FirstSync.TimeAsync(session, expected);
                var samples = await Task.Run(() =>
                    Propagation.Edits(paths.Source, paths.Destinations, expected.Keys.ToList(), context.Options.Edits, "F", 3000 + run, out int missed)
                        is var latencies && missed == 0
                        ? latencies
                        : throw new TimeoutException($"{missed} fan-out deliveries did not arrive within {Propagation.Timeout.TotalSeconds} s"));
                context.Results.Add(Metric.FanOutP50, tool.Name, Stats.Percentile(samples, 50));
                context.Results.Add(Metric.FanOutP99, tool.Name, Stats.Percentile(samples, 99));
                context.Results.Check(tool.Name, $"ok   fan-out: {context.Options.Edits} edits × {clients} destinations arrived");
                await context.VerifyAsync(tool, paths, $"fan-out to {clients}");
            }
        }
        finally
        {
            BenchContext.Remove(paths);
        }
    }
}
