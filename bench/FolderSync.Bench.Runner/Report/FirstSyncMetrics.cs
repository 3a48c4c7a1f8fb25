namespace FolderSync.Bench.Runner.Report;

/// <summary>
/// The rows a first sync fills: wall time, CPU of all processes when the tree is complete and again once they are
/// quiet (work a daemon does after the tree is complete, such as the server's history at low priority, counts there),
/// peak RSS of the largest server-side and client-side process.
/// </summary>
internal sealed record FirstSyncMetrics(Metric Time, Metric Cpu, Metric CpuQuiet, Metric RssServer, Metric RssClient)
{
    public IEnumerable<Metric> All => [Time, Cpu, CpuQuiet, RssServer, RssClient];

    public static FirstSyncMetrics For(Metric time, string key, string label) => new(
        time,
        new($"{key}.cpu", $"{label}: CPU, all processes", "s"),
        new($"{key}.cpu.quiet", $"{label}: CPU, all processes, until they are quiet", "s"),
        new($"{key}.rss.server", $"{label}: peak RSS, server side (largest process)", "MiB"),
        new($"{key}.rss.client", $"{label}: peak RSS, client side (largest process)", "MiB"));
}
