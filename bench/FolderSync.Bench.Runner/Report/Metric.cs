namespace FolderSync.Bench.Runner.Report;

/// <summary>One row of the table. Values are stored in the unit shown.</summary>
internal sealed record Metric(string Key, string Label, string Unit)
{
    public static readonly Metric FirstSmall = new("first.small", "First sync, small files", "s");
    public static readonly Metric FirstLarge = new("first.large", "First sync, large files", "s");
    public static readonly Metric FirstMixed = new("first.mixed", "First sync, mixed tree", "s");
    public static readonly Metric EditP50 = new("edit.ab.p50", "Edit A→B p50", "ms");
    public static readonly Metric EditP95 = new("edit.ab.p95", "Edit A→B p95", "ms");
    public static readonly Metric EditP99 = new("edit.ab.p99", "Edit A→B p99", "ms");
    public static readonly Metric EditBackP50 = new("edit.ba.p50", "Edit B→A p50", "ms");
    public static readonly Metric EditBackP95 = new("edit.ba.p95", "Edit B→A p95", "ms");
    public static readonly Metric EditBackP99 = new("edit.ba.p99", "Edit B→A p99", "ms");
    public static readonly Metric Create = new("create.p50", "Create A→B p50", "ms");
    public static readonly Metric Rename = new("rename.p50", "Rename A→B p50", "ms");
    public static readonly Metric Delete = new("delete.p50", "Delete A→B p50", "ms");
    public static readonly Metric DirRename = new("dirrename.ab", "Directory rename A→B: time", "ms");
    public static readonly Metric DirRenameBytes = new("dirrename.ab.bytes", "Directory rename A→B: bytes on the wire", "KiB");
    public static readonly Metric DirRenameBack = new("dirrename.ba", "Directory rename B→A: time", "ms");
    public static readonly Metric DirRenameBackBytes = new("dirrename.ba.bytes", "Directory rename B→A: bytes on the wire", "KiB");
    public static readonly Metric BigEditBytes = new("bigedit.bytes", "One-line edit in a large file: bytes on the wire", "KiB");
    public static readonly Metric BigEditShare = new("bigedit.share", "… as a share of the file", "%");
    public static readonly Metric BigEditTime = new("bigedit.time", "One-line edit in a large file: time", "ms");
    public static readonly Metric IdleCpu = new("idle.cpu", "Idle CPU (all daemons)", "%");
    public static readonly Metric IdleRss = new("idle.rss", "Idle RSS (all daemons)", "MiB");
    public static readonly Metric IdleRssServer = new("idle.rss.server", "Idle RSS, server process (largest)", "MiB");
    public static readonly Metric IdleRssClient = new("idle.rss.client", "Idle RSS, client process (largest)", "MiB");
    public static readonly Metric Restart = new("restart", "Restart over an unchanged tree", "s");
    public static readonly Metric FanOutP50 = new("fanout.p50", "Fan-out edit p50", "ms");
    public static readonly Metric FanOutP99 = new("fanout.p99", "Fan-out edit p99", "ms");
    public static readonly FirstSyncMetrics SmallCost = FirstSyncMetrics.For(FirstSmall, "first.small", "First sync, small files");
    public static readonly FirstSyncMetrics LargeCost = FirstSyncMetrics.For(FirstLarge, "first.large", "First sync, large files");
    public static readonly Metric FloorDd = new("floor.dd", "Floor: `dd conv=fsync` of the large corpus", "s");
    public static readonly Metric FloorHashLarge = new("floor.sha256.large", "Floor: SHA-256 of the large corpus, in-process", "s");
    public static readonly Metric FloorHashRate = new("floor.sha256.rate", "Floor: SHA-256 throughput, one core", "MiB/s");
    public static readonly Metric FloorHashSmall = new("floor.sha256.small", "Floor: open + SHA-256 of every small file", "s");
    public static readonly ScaleMetrics Small100k = ScaleMetrics.For("small100k", "small100k");
    public static readonly ScaleMetrics Huge = ScaleMetrics.For("huge", "huge");
    public static readonly ScaleMetrics Clients20 = ScaleMetrics.For("clients20x100k", "clients20x100k");
    public static readonly ScaleMetrics Clients1000 = ScaleMetrics.For("clients1000", "clients1000 (wire clients)");
    public static readonly ScaleMetrics Clients50 = ScaleMetrics.For("clients50", "clients50 (real client processes)");

    public static IReadOnlyList<Metric> All { get; } =
    [
        .. SmallCost.All, .. LargeCost.All, FirstMixed, FloorDd, FloorHashLarge, FloorHashRate, FloorHashSmall, EditP50, EditP95, EditP99, EditBackP50, EditBackP95, EditBackP99,
        Create, Rename, Delete, DirRename, DirRenameBytes, DirRenameBack, DirRenameBackBytes, BigEditBytes, BigEditShare, BigEditTime, IdleCpu, IdleRss, IdleRssServer, IdleRssClient, Restart, FanOutP50, FanOutP99,
        .. Small100k.All, .. Huge.All, .. Clients20.All, .. Clients1000.All, .. Clients50.All,
    ];
}
