namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// Syncthing: one headless device per tree on 127.0.0.1, the folder shared between A and every B, changes picked
/// up by its inotify watcher (fsWatcherDelayS = 1, the least it accepts). Configured in <see cref="SyncthingConfig"/>.
/// </summary>
internal sealed class SyncthingTool : SyncTool
{
    public override string Name => "syncthing";

    public override string InstallHint => "sudo apt-get install -y syncthing";

    public override bool Continuous => true;

    public override bool Bidirectional => true;

    public override bool FanOut => true;

    public override Task<string?> UnavailableReasonAsync() =>
        Task.FromResult(Which.Find("syncthing") is null ? "syncthing is not installed" : null);

    public override SyncSession CreateSession(SessionPaths paths) => new SyncthingSession(paths);
}
