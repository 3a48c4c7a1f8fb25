using FolderSync.Bench.Runner.Corpus;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// small100k and huge: a tree of many tiny files, first sync (every tool talking directly), the daemons at rest
/// (RSS, RSS per tracked file), then a restart over the unchanged tree (rsync: its no-op run), then the check.
/// </summary>
internal static class TreeScaleScenario
{
    public static async Task RunAsync(BenchContext context, SyncTool tool, string name, CorpusSpec spec, ScaleMetrics metrics)
    {
        var results = context.Results;
        var paths = context.NewTrees(tool, name, 1, spec);
        var expected = BenchContext.ExpectedSizes(tool, paths.Source);
        try
        {
            await using (var session = tool.CreateSession(paths))
            {
                var cost = await FirstSync.MeasureAsync(session, expected);
                cost.Record(results, tool.Name, metrics.First);
                results.Check(tool.Name, $"ok   {name}: first sync of {expected.Count:N0} files in {cost.Seconds:F1} s, {cost.CpuSeconds:F1} CPU-s, peak RSS server {cost.ServerPeak / 1048576.0:F0} MiB, client {cost.ClientPeak / 1048576.0:F0} MiB");
                if (tool.Continuous)
                {
                    var rest = await RestingMemory.MeasureAsync(context, session);
                    rest.Record(results, tool.Name, metrics, expected.Count);
                    results.Check(tool.Name, $"ok   {name}: at rest, server {rest.Server / 1048576.0:F0} MiB, client {rest.Client / 1048576.0:F0} MiB, server CPU {rest.ServerCpuPercent:F1} %");
                }

                var restart = await session.RestartAsync(expected, CancellationToken.None);
                results.Add(metrics.Restart, tool.Name, restart.TotalSeconds);
                results.Check(tool.Name, $"ok   {name}: restart over {expected.Count:N0} unchanged files: {restart.TotalSeconds:F2} s");
                await context.VerifyAsync(tool, paths, $"{name}: {expected.Count:N0} files");
            }
        }
        finally
        {
            BenchContext.Remove(paths);
        }
    }
}
