using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// Both sides start with the same big tree (copies with the same mtimes); the tool starts and settles, then
/// is restarted (or re-run) and timed until ready over the unchanged tree.
/// </summary>
internal static class RestartScenario
{
    public static async Task RunAsync(BenchContext context, SyncTool tool, int run)
    {
        var paths = context.NewTrees(tool, "restart", run, context.Options.Tree, seedDestinations: true);
        var expected = BenchContext.ExpectedSizes(tool, paths.Source);
        try
        {
            await using (var session = tool.CreateSession(paths))
            {
                await FirstSync.TimeAsync(session, expected);
                var restart = await session.RestartAsync(expected, CancellationToken.None);
                context.Results.Add(Metric.Restart, tool.Name, restart.TotalSeconds);
                context.Results.Check(tool.Name, $"ok   restart over {expected.Count:N0} unchanged files: {restart.TotalSeconds:F2} s");
                await context.VerifyAsync(tool, paths, "restart tree");
            }
        }
        finally
        {
            BenchContext.Remove(paths);
        }
    }
}
