namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// The rsync daemon, driven by one <c>rsync -a</c> run per sync (it has no continuous mode: see lsyncd). With
/// <paramref name="fsync"/>, <c>--fsync</c>, which the daemon's receiver honours: the durable reference, since
/// FolderSync fsyncs every file it writes and plain rsync does not.
/// </summary>
internal sealed class RsyncTool(bool fsync = false) : SyncTool
{
    public override string Name => fsync ? "rsync-fsync" : "rsync";

    /// <summary>The durable variant is a first-sync reference only.</summary>
    public override bool FirstSyncOnly => fsync;

    public override bool Restartable => !fsync;

    public override bool Scales => !fsync;

    public override string InstallHint => "sudo apt-get install -y rsync";

    public override Task<string?> UnavailableReasonAsync() =>
        Task.FromResult(Which.Find("rsync") is null ? "rsync is not installed" : null);

    public override SyncSession CreateSession(SessionPaths paths) => new RsyncSession(paths, fsync);
}
