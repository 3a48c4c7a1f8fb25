using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>Text with binaries among it: FolderSync must leave every binary out; the references copy them.</summary>
internal static class MixedScenario
{
    public static async Task RunAsync(BenchContext context, SyncTool tool, int run)
    {
        var paths = context.NewTrees(tool, "mixed", run, context.Options.Mixed);
        var expected = BenchContext.ExpectedSizes(tool, paths.Source);
        try
        {
            await using (var session = tool.CreateSession(paths))
            {
                context.Results.Add(Metric.FirstMixed, tool.Name, await FirstSync.TimeAsync(session, expected));
                await context.VerifyAsync(tool, paths, tool.SkipsBinaries ? "mixed tree, binaries skipped" : "mixed tree (binaries copied)");
            }
        }
        finally
        {
            BenchContext.Remove(paths);
        }
    }
}
