using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// The 10,000-file corpus. A first pass with every tool talking directly: the first sync (time, CPU, peak RSS),
/// then idle. A second pass through the counting proxy (its first sync untimed) for the continuous tools: edits
/// both ways, create/rename/delete and directory renames with their bytes on the wire.
/// </summary>
internal static class SmallScenario
{
    public static async Task RunAsync(BenchContext context, SyncTool tool, int run, bool heavy)
    {
        var paths = context.NewTrees(tool, "small", run, context.Options.Small);
        var expected = BenchContext.ExpectedSizes(tool, paths.Source);
        try
        {
            await using (var session = tool.CreateSession(paths))
            {
                var cost = await FirstSync.MeasureAsync(session, expected);
                cost.Record(context.Results, tool.Name, Metric.SmallCost);
                if (heavy)
                {
                    await IdleProbe.MeasureAsync(context, tool, session);
                }

                await context.VerifyAsync(tool, paths, $"small tree, first sync, run {run}");
            }
        }
        finally
        {
            BenchContext.Remove(paths);
        }

        if (tool.Continuous && !tool.FirstSyncOnly)
        {
            await EditsAsync(context, tool, run);
        }
    }

    private static async Task EditsAsync(BenchContext context, SyncTool tool, int run)
    {
        var paths = context.NewTrees(tool, "small-edits", run, context.Options.Small, countWire: true);
        var expected = BenchContext.ExpectedSizes(tool, paths.Source);
        try
        {
            await using (var session = tool.CreateSession(paths))
            {
                await FirstSync.TimeAsync(session, expected);
                await Task.Run(() => Latencies(context, tool, session, run, expected.Keys.ToList()));
                await context.VerifyAsync(tool, paths, $"small tree after edits, run {run}");
            }
        }
        finally
        {
            BenchContext.Remove(paths);
        }
    }

    private static void Latencies(BenchContext context, SyncTool tool, SyncSession session, int run, List<string> files)
    {
        var results = context.Results;
        var paths = session.Paths;
        var forward = Propagation.Edits(paths.Source, [paths.Destination], files, context.Options.Edits, "A", 1000 + run, out int missed);
        Record(results, tool, forward, Metric.EditP50, Metric.EditP95, Metric.EditP99);
        Report(results, tool, "edits A→B", forward.Count, missed);
        if (tool.Bidirectional)
        {
            var back = Propagation.Edits(paths.Destination, [paths.Source], files, context.Options.Edits, "B", 2000 + run, out missed);
            Record(results, tool, back, Metric.EditBackP50, Metric.EditBackP95, Metric.EditBackP99);
            Report(results, tool, "edits B→A", back.Count, missed);
        }

        var (create, rename, delete) = Propagation.TreeOps(paths.Source, paths.Destination, context.Options.TreeOps, out missed);
        results.Add(Metric.Create, tool.Name, Stats.Median(create));
        results.Add(Metric.Rename, tool.Name, Stats.Median(rename));
        results.Add(Metric.Delete, tool.Name, Stats.Median(delete));
        Report(results, tool, "create/rename/delete A→B", create.Count + rename.Count + delete.Count, missed);

        DirectoryRename(results, tool, session, paths.Source, paths.Destination, "d02", Metric.DirRename, Metric.DirRenameBytes, "A→B");
        if (tool.Bidirectional)
        {
            DirectoryRename(results, tool, session, paths.Destination, paths.Source, "d03", Metric.DirRenameBack, Metric.DirRenameBackBytes, "B→A");
        }
    }

    /// <summary>A whole directory renamed on one side: time until the other shows it, and the bytes it cost (tools with a proxy).</summary>
    private static void DirectoryRename(Results results, SyncTool tool, SyncSession session, string from, string to, string directory, Metric time, Metric bytes, string what)
    {
        if (!Directory.Exists(Path.Join(from, directory)))
        {
            return;
        }

        long before = session.Proxy?.Bytes ?? 0;
        double? latency = Propagation.DirectoryRename(from, to, directory, directory + "-renamed");
        if (latency is { } ms)
        {
            results.Add(time, tool.Name, ms);
        }

        if (session.Proxy is { } proxy)
        {
            long last = -1;
            while (proxy.Bytes != last)
            {
                last = proxy.Bytes;
                Thread.Sleep(500); // until the traffic settles: the ACK and the other clients' pushes
            }

            results.Add(bytes, tool.Name, (last - before) / 1024.0);
        }

        Report(results, tool, $"directory rename {what}", latency is null ? 0 : 1, latency is null ? 1 : 0);
    }

    private static void Record(Results results, SyncTool tool, List<double> samples, Metric p50, Metric p95, Metric p99)
    {
        results.Add(p50, tool.Name, Stats.Percentile(samples, 50));
        results.Add(p95, tool.Name, Stats.Percentile(samples, 95));
        results.Add(p99, tool.Name, Stats.Percentile(samples, 99));
    }

    private static void Report(Results results, SyncTool tool, string what, int arrived, int missed) =>
        results.Check(tool.Name, missed == 0 ? $"ok   {what}: {arrived} arrived" : $"FAIL {what}: {missed} did not arrive within {Propagation.Timeout.TotalSeconds} s");
}
