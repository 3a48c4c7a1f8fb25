namespace FolderSync.Bench.Runner.Report;

/// <summary>The rows a first sync fills: wall time, CPU of all processes, peak RSS of the largest server-side and client-side process.</summary>
internal sealed record FirstSyncMetrics(Metric Time, Metric Cpu, Metric RssServer, Metric RssClient)
{
    public IEnumerable<Metric> All => [Time, Cpu, RssServer, RssClient];

    public static FirstSyncMetrics For(Metric time, string key, string label) => new(
        time,
        new($"{key}.cpu", $"{label}: CPU, all processes", "s"),
        new($"{key}.rss.server", $"{label}: peak RSS, server side (largest process)", "MiB"),
        new($"{key}.rss.client", $"{label}: peak RSS, client side (largest process)", "MiB"));
}
