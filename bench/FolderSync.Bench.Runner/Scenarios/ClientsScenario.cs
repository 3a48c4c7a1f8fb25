using FolderSync.Bench.Runner.Corpus;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// Many real client processes on one server and one folder: the first sync of all of them, the daemons at rest,
/// an edit's fan-out to every client. With a baseline, the server's RSS per connection is the growth of its resting
/// RSS from a one-client session of the same tree, divided by the clients added.
/// </summary>
internal static class ClientsScenario
{
    public static async Task RunAsync(BenchContext context, SyncTool tool, string name, CorpusSpec spec, int clients, ScaleMetrics metrics, bool baseline)
    {
        long? single = baseline ? (await SessionAsync(context, tool, name + "-1", spec, 1, null)).Server : null;
        var rest = await SessionAsync(context, tool, name, spec, clients, metrics);
        if (single is { } one && clients > 1)
        {
            double perConnection = (rest.Server - one) / 1024.0 / (clients - 1);
            context.Results.Add(metrics.PerConnection, tool.Name, perConnection);
            context.Results.Check(tool.Name, $"ok   {name}: server RSS at rest {one / 1048576.0:F1} MiB with 1 client, {rest.Server / 1048576.0:F1} MiB with {clients}: {perConnection:F0} KiB per connection");
        }
    }

    private static async Task<RestingMemory> SessionAsync(BenchContext context, SyncTool tool, string name, CorpusSpec spec, int clients, ScaleMetrics? metrics)
    {
        var results = context.Results;
        var paths = context.NewTrees(tool, name, 1, spec, destinations: clients);
        var expected = BenchContext.ExpectedSizes(tool, paths.Source);
        try
        {
            await using var session = tool.CreateSession(paths);
            var cost = await FirstSync.MeasureAsync(session, expected);
            var rest = await RestingMemory.MeasureAsync(context, session);
            if (metrics is null)
            {
                return rest;
            }

            cost.Record(results, tool.Name, metrics.First);
            rest.Record(results, tool.Name, metrics, files: null);
            results.Check(tool.Name, $"ok   {name}: first sync of {expected.Count:N0} files to {clients} clients in {cost.Seconds:F1} s, {cost.CpuSeconds:F1} CPU-s; at rest server {rest.Server / 1048576.0:F0} MiB, largest client {rest.Client / 1048576.0:F0} MiB, server CPU {rest.ServerCpuPercent:F2} %");
            var samples = await Task.Run(() =>
                Propagation.Edits(paths.Source, paths.Destinations, [.. expected.Keys], context.Options.Edits, "F", 4000, out int missed)
                    is var latencies && missed == 0
                    ? latencies
                    : throw new TimeoutException($"{missed} fan-out deliveries did not arrive within {Propagation.Timeout.TotalSeconds} s"));
            results.Add(metrics.FanOutP50, tool.Name, Stats.Percentile(samples, 50));
            results.Add(metrics.FanOutP99, tool.Name, Stats.Percentile(samples, 99));
            results.Check(tool.Name, $"ok   {name}: {context.Options.Edits} edits × {clients} clients arrived");
            await context.VerifyAsync(tool, paths, $"{name}: {clients} trees");
            return rest;
        }
        finally
        {
            BenchContext.Remove(paths);
        }
    }
}
