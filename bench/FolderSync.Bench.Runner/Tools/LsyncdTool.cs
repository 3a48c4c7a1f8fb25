namespace FolderSync.Bench.Runner.Tools;

/// <summary>lsyncd at <c>delay = 0</c> with <c>default.rsync</c>: one-way, inotify-driven rsync runs.</summary>
internal sealed class LsyncdTool : SyncTool
{
    public override string Name => "lsyncd";

    public override string InstallHint => "sudo apt-get install -y lsyncd rsync";

    public override bool Continuous => true;

    public override bool FanOut => true;

    public override Task<string?> UnavailableReasonAsync() =>
        Task.FromResult(Which.Find("lsyncd") is null ? "lsyncd is not installed" : Which.Find("rsync") is null ? "rsync is not installed" : null);

    public override SyncSession CreateSession(SessionPaths paths) => new LsyncdSession(paths);
}
