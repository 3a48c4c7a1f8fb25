namespace FolderSync.Bench.Runner.Report;

/// <summary>The rows of one scale scenario (its rows stay empty where the scenario does not measure them).</summary>
internal sealed record ScaleMetrics(
    FirstSyncMetrics First, Metric Restart, Metric IdleServer, Metric IdleClient, Metric PerFileServer, Metric PerFileClient,
    Metric IdleCpu, Metric PerConnection, Metric FanOutP50, Metric FanOutP99)
{
    public static ScaleMetrics For(string key, string label) => new(
        FirstSyncMetrics.For(new($"{key}.first", $"{label}: first sync", "s"), $"{key}.first", $"{label}: first sync"),
        new($"{key}.restart", $"{label}: restart over the unchanged tree", "s"),
        new($"{key}.idle.server", $"{label}: idle RSS, server (largest process)", "MiB"),
        new($"{key}.idle.client", $"{label}: idle RSS, client (largest process)", "MiB"),
        new($"{key}.perfile.server", $"{label}: server RSS per tracked file", "KiB"),
        new($"{key}.perfile.client", $"{label}: client RSS per tracked file", "KiB"),
        new($"{key}.idle.cpu", $"{label}: server CPU at rest", "%"),
        new($"{key}.perconn", $"{label}: server RSS per connected client", "KiB"),
        new($"{key}.fanout.p50", $"{label}: edit fan-out p50", "ms"),
        new($"{key}.fanout.p99", $"{label}: edit fan-out p99", "ms"));

    public IEnumerable<Metric> All => [.. First.All, Restart, IdleServer, IdleClient, PerFileServer, PerFileClient, IdleCpu, PerConnection, FanOutP50, FanOutP99];
}
