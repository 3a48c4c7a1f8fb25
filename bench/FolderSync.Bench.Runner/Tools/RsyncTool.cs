namespace FolderSync.Bench.Runner.Tools;

/// <summary>The rsync daemon, driven by one <c>rsync -a</c> run per sync (it has no continuous mode: see lsyncd).</summary>
internal sealed class RsyncTool : SyncTool
{
    public override string Name => "rsync";

    public override string InstallHint => "sudo apt-get install -y rsync";

    public override Task<string?> UnavailableReasonAsync() =>
        Task.FromResult(Which.Find("rsync") is null ? "rsync is not installed" : null);

    public override SyncSession CreateSession(SessionPaths paths) => new RsyncSession(paths);
}
