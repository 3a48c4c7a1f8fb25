using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// foldersync-server and foldersync-client from a publish directory, folder in <c>Full</c> access. With
/// <paramref name="plainTcp"/>, the <c>FolderSync-noTLS</c> variant: TLS off on both sides (<c>Security:PlainTcp</c>,
/// loopback only), a first-sync reference that shows what TLS costs.
/// </summary>
internal sealed class FolderSyncTool(string binDir, string probeWork, IReadOnlyDictionary<string, string> settings, bool plainTcp = false) : SyncTool
{
    private readonly IReadOnlyDictionary<string, string> _extraConfig = plainTcp
        ? new Dictionary<string, string>(settings) { ["Security:PlainTcp"] = "true" }
        : settings;

    public override string Name => plainTcp ? "FolderSync-noTLS" : "FolderSync";

    /// <summary>Whether the daemons speak plain TCP (the variant, or <c>--fs-set Security:PlainTcp=true</c>).</summary>
    public bool PlainTcp => ExtraConfig.TryGetValue("Security:PlainTcp", out string? plain) && plain == "true";

    public override bool FirstSyncOnly => plainTcp;

    public override bool Restartable => !plainTcp;

    public override string InstallHint => "dotnet publish FolderSync.Server -c Release -o DIR && dotnet publish FolderSync.Client -c Release -o DIR, then --foldersync-bin DIR";

    public override bool Continuous => true;

    public override bool Bidirectional => true;

    public override bool SkipsBinaries => true;

    public override bool Scales => !plainTcp;

    public override bool FanOut => !plainTcp;

    public string ServerExe => Path.Join(binDir, "foldersync-server");

    public string ClientExe => Path.Join(binDir, "foldersync-client");

    public IReadOnlyDictionary<string, string> ExtraConfig => _extraConfig;

    /// <summary>The daemons must exist and the server must keep running on a valid config (a stub exits at once).</summary>
    public override async Task<string?> UnavailableReasonAsync()
    {
        if (!File.Exists(ServerExe) || !File.Exists(ClientExe))
        {
            return $"no foldersync-server/foldersync-client in {binDir}";
        }

        string folder = Path.Join(probeWork, "folder");
        Directory.CreateDirectory(folder);
        int port = FreePort.Next();
        string config = FolderSyncConfig.Write(FolderSyncConfig.Server(port, Path.Join(probeWork, "state"), folder, ExtraConfig), Path.Join(probeWork, "server.json"));
        await using var server = ChildProcess.Start(ServerExe, ["--config", config], Path.Join(probeWork, "server.log"));
        var up = await Poll.UntilAsync(() => server.HasExited || RsyncDaemon.CanConnect(port), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(20));
        if (server.HasExited)
        {
            return $"foldersync-server exited with {server.ExitCode} at start-up (a stub, or a config it rejects; see {server.LogPath})";
        }

        return up is null ? $"foldersync-server did not listen on 127.0.0.1:{port} within 15 s" : null;
    }

    public override SyncSession CreateSession(SessionPaths paths) => new FolderSyncSession(this, paths);
}
