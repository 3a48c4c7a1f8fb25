namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// Placeholder: Syncthing needs two headless instances with exchanged device ids and a loopback-only config;
/// the runner reports it as skipped until that is written (DESIGN §10 keeps the earlier reference figures).
/// </summary>
internal sealed class SyncthingTool : SyncTool
{
    public override string Name => "syncthing";

    public override string InstallHint => "sudo apt-get install -y syncthing (the runner does not drive it yet)";

    public override Task<string?> UnavailableReasonAsync() =>
        Task.FromResult<string?>(Which.Find("syncthing") is null ? "syncthing is not installed" : "syncthing is installed but the runner does not configure it yet");

    public override SyncSession CreateSession(SessionPaths paths) => throw new NotSupportedException("syncthing is not driven yet");
}
