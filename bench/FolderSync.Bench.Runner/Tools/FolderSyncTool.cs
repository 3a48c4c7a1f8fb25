using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// foldersync-server and foldersync-client from a publish directory, folder in <c>Full</c> access. Besides the
/// native build (the subject) the runner has the framework-dependent build (<c>FolderSync-JIT</c>) and two first-sync
/// references: <c>FolderSync-noTLS</c> (<c>Security:PlainTcp</c> on both sides, loopback only) and
/// <c>FolderSync-noHistory</c> (the server keeps no history), which show what TLS and history cost.
/// </summary>
internal sealed class FolderSyncTool : SyncTool
{
    private const string HistoryOff = $"Folders:{FolderSyncConfig.FolderName}:History:KeepDays";

    private readonly string _name;
    private readonly string _binDir;
    private readonly string _probeWork;
    private readonly FolderSyncRole _role;

    private FolderSyncTool(string name, string binDir, string probeWork, FolderSyncRole role, IReadOnlyDictionary<string, string> both, IReadOnlyDictionary<string, string> serverOnly)
    {
        _name = name;
        _binDir = binDir;
        _probeWork = probeWork;
        _role = role;
        ExtraConfig = both;
        ServerConfig = new Dictionary<string, string>(both.Concat(serverOnly));
    }

    public static FolderSyncTool Native(string binDir, string work, IReadOnlyDictionary<string, string> settings) =>
        new("FolderSync", binDir, Path.Join(work, "probe"), FolderSyncRole.Subject, settings, new Dictionary<string, string>());

    public static FolderSyncTool Jit(string binDir, string work, IReadOnlyDictionary<string, string> settings) =>
        new("FolderSync-JIT", binDir, Path.Join(work, "probe-jit"), FolderSyncRole.Build, settings, new Dictionary<string, string>());

    public static FolderSyncTool NoTls(string binDir, string work, IReadOnlyDictionary<string, string> settings) =>
        new("FolderSync-noTLS", binDir, Path.Join(work, "probe-plain"), FolderSyncRole.Reference,
            new Dictionary<string, string>(settings) { ["Security:PlainTcp"] = "true" }, new Dictionary<string, string>());

    public static FolderSyncTool NoHistory(string binDir, string work, IReadOnlyDictionary<string, string> settings) =>
        new("FolderSync-noHistory", binDir, Path.Join(work, "probe-nohistory"), FolderSyncRole.Reference,
            settings, new Dictionary<string, string> { [HistoryOff] = "0" });

    public override string Name => _name;

    /// <summary>Whether the daemons speak plain TCP (the variant, or <c>--fs-set Security:PlainTcp=true</c>).</summary>
    public bool PlainTcp => ExtraConfig.TryGetValue("Security:PlainTcp", out string? plain) && plain == "true";

    public override bool FirstSyncOnly => _role == FolderSyncRole.Reference;

    public override bool Restartable => _role == FolderSyncRole.Subject;

    public override string InstallHint => "dotnet publish FolderSync.Server -c Release -o DIR && dotnet publish FolderSync.Client -c Release -o DIR, then --foldersync-bin DIR (--foldersync-jit-bin DIR for FolderSync-JIT)";

    public override bool Continuous => true;

    public override bool Bidirectional => true;

    public override bool SkipsBinaries => true;

    public override bool Scales => _role == FolderSyncRole.Subject;

    public override bool FanOut => _role == FolderSyncRole.Subject;

    public string ServerExe => Path.Join(_binDir, "foldersync-server");

    public string ClientExe => Path.Join(_binDir, "foldersync-client");

    /// <summary>Keys written into both daemons' configs.</summary>
    public IReadOnlyDictionary<string, string> ExtraConfig { get; }

    /// <summary>Keys written into the server's config: <see cref="ExtraConfig"/> and the server-only ones.</summary>
    public IReadOnlyDictionary<string, string> ServerConfig { get; }

    /// <summary>The daemons must exist and the server must keep running on a valid config (a stub exits at once).</summary>
    public override async Task<string?> UnavailableReasonAsync()
    {
        if (!File.Exists(ServerExe) || !File.Exists(ClientExe))
        {
            return $"no foldersync-server/foldersync-client in {_binDir}";
        }

        string folder = Path.Join(_probeWork, "folder");
        Directory.CreateDirectory(folder);
        int port = FreePort.Next();
        string config = FolderSyncConfig.Write(FolderSyncConfig.Server(port, Path.Join(_probeWork, "state"), folder, ServerConfig), Path.Join(_probeWork, "server.json"));
        await using var server = ChildProcess.Start(ServerExe, ["--config", config], Path.Join(_probeWork, "server.log"));
        var up = await Poll.UntilAsync(() => server.HasExited || RsyncDaemon.CanConnect(port), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(20));
        if (server.HasExited)
        {
            return $"foldersync-server exited with {server.ExitCode} at start-up (a stub, or a config it rejects; see {server.LogPath})";
        }

        return up is null ? $"foldersync-server did not listen on 127.0.0.1:{port} within 15 s" : null;
    }

    public override SyncSession CreateSession(SessionPaths paths) => new FolderSyncSession(this, paths);
}
