using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// The scale scenarios run only when named in <c>--scenarios</c> (each alone if need be), for FolderSync and its
/// rsync reference; <c>--scale N</c> sets their file count and <c>--clients N</c> their client count. clients1000
/// holds the runner's lightweight wire clients on one server; clients50 calibrates it with real client processes.
/// </summary>
internal static class ScaleScenarios
{

    public static async Task RunAsync(BenchContext context, IReadOnlyList<SyncTool> tools, Func<SyncTool, string, Func<Task>, Task> guard)
    {
        var options = context.Options;
        foreach (var tool in tools.Where(t => t.Scales))
        {
            if (options.Names("small100k"))
            {
                await guard(tool, "small100k", () => TreeScaleScenario.RunAsync(context, tool, "small100k", options.Small100k, Metric.Small100k));
            }

            if (options.Names("huge"))
            {
                await guard(tool, "huge", () => TreeScaleScenario.RunAsync(context, tool, "huge", options.Huge, Metric.Huge));
            }

            if (!tool.FanOut)
            {
                continue;
            }

            if (options.Names("clients20x100k"))
            {
                await guard(tool, "clients20x100k", () =>
                    ClientsScenario.RunAsync(context, tool, "clients20x100k", options.Small100k, options.ClientCount ?? 20, Metric.Clients20, baseline: false));
            }

            if (options.Names("clients1000") && tool is FolderSyncTool folderSync)
            {
                await guard(tool, "clients1000", () =>
                    WireClientsScenario.RunAsync(context, folderSync, "clients1000", options.FanOutTree, options.ClientCount ?? 1000, Metric.Clients1000));
            }

            if (options.Names("clients50"))
            {
                await guard(tool, "clients50", () =>
                    ClientsScenario.RunAsync(context, tool, "clients50", options.FanOutTree, options.ClientCount ?? 50, Metric.Clients50, baseline: true));
            }
        }
    }
}
