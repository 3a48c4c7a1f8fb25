namespace FolderSync.Bench.Runner.Tools;

/// <summary>tar piped over one loopback TCP connection: the floor for a first sync, nothing more.</summary>
internal sealed class TarTool : SyncTool
{
    public override string Name => "tar/TCP";

    public override string InstallHint => "sudo apt-get install -y tar";

    public override bool Restartable => false;

    public override bool FirstSyncOnly => true;

    public override Task<string?> UnavailableReasonAsync() =>
        Task.FromResult(Which.Find("tar") is null ? "tar is not installed" : null);

    public override SyncSession CreateSession(SessionPaths paths) => new TarSession(paths);
}
