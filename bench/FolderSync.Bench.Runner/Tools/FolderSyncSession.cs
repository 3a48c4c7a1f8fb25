using System.Diagnostics;
using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>A = the server's folder, each B = one client's LocalPath; with <see cref="SessionPaths.CountWire"/> every client connects through one counting proxy.</summary>
internal sealed class FolderSyncSession(FolderSyncTool tool, SessionPaths paths) : SyncSession(paths)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
    private readonly List<ChildProcess> _clients = [];
    private readonly List<string> _clientConfigs = [];
    private ChildProcess? _server;
    private string _serverConfig = "";
    private int _serverPort;
    private int _starts;

    /// <summary>Connections beyond the session's clients (the runner's wire clients), so the server's cap admits them.</summary>
    public int ExtraConnections { get; init; }

    public int ServerPort => _serverPort;

    public override IReadOnlyList<int> DaemonPids => [.. new[] { _server }.Concat(_clients).OfType<ChildProcess>().Select(p => p.Pid)];

    public override IReadOnlyList<int> ClientPids => [.. _clients.Select(p => p.Pid)];

    public override async Task StartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        int port = _serverPort = FreePort.Next();
        // Many clients (the scale scenarios) need more than the server's default connection cap.
        int connections = Paths.Destinations.Count + ExtraConnections;
        var serverExtra = connections <= 100 ? tool.ServerConfig : new Dictionary<string, string>(tool.ServerConfig)
        {
            ["Security:MaxConnections"] = (2 * connections + 16).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _serverConfig = FolderSyncConfig.Write(
            FolderSyncConfig.Server(port, Path.Join(Paths.Work, "server-state"), Paths.Source, serverExtra),
            Path.Join(Paths.Work, "server.json"));
        Proxy = Paths.CountWire ? new CountingProxy(port) : null;
        for (int i = 0; i < Paths.Destinations.Count; i++)
        {
            Directory.CreateDirectory(Paths.Destinations[i]);
            _clientConfigs.Add(FolderSyncConfig.Write(
                FolderSyncConfig.Client(Proxy?.Port ?? port, $"c{i + 1}", Paths.Destinations[i], Path.Join(Paths.Work, $"client{i + 1}-state"), tool.ExtraConfig),
                Path.Join(Paths.Work, $"client{i + 1}.json")));
        }

        await LaunchAsync();

        // Every tree complete first (cheap stats), then each client's own word that nothing is pending.
        foreach (string destination in Paths.Destinations)
        {
            if (await Poll.UntilAsync(() => TreeManifest.SameSizes(expected, destination), Deadline, TimeSpan.FromMilliseconds(20)) is null)
            {
                throw new TimeoutException($"FolderSync did not fill {destination}; see {Paths.Work}/logs");
            }
        }

        await WaitSyncedAsync(expected.Count);
    }

    /// <summary>SIGTERM both daemons, start them again, and time until every client reports synced.</summary>
    public override async Task<TimeSpan> RestartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        await StopAllAsync();
        var clock = Stopwatch.StartNew();
        await LaunchAsync();
        await WaitSyncedAsync(expected.Count);
        return clock.Elapsed;
    }

    public override async ValueTask DisposeAsync()
    {
        await StopAllAsync();
        await base.DisposeAsync();
    }

    private async Task LaunchAsync()
    {
        int start = _starts++;
        _server = ChildProcess.Start(tool.ServerExe, ["--config", _serverConfig], Paths.Log($"server-{start}"));
        if (await Poll.UntilAsync(() => _server.HasExited || RsyncDaemon.CanConnect(_serverPort), Deadline, TimeSpan.FromMilliseconds(5)) is null || _server.HasExited)
        {
            throw new InvalidOperationException($"foldersync-server did not start; see {_server.LogPath}");
        }

        for (int i = 0; i < _clientConfigs.Count; i++)
        {
            _clients.Add(ChildProcess.Start(tool.ClientExe, ["--config", _clientConfigs[i]], Paths.Log($"client{i + 1}-{start}")));
        }
    }

    private async Task WaitSyncedAsync(int expectedFiles)
    {
        for (int i = 0; i < _clientConfigs.Count; i++)
        {
            string config = _clientConfigs[i];
            var client = _clients[i];
            var done = await Poll.UntilAsync(
                async () => client.HasExited || (await FolderSyncStatus.QueryAsync(config))?.Synced(expectedFiles) == true,
                Deadline,
                TimeSpan.FromMilliseconds(10));
            if (done is null || client.HasExited)
            {
                throw new InvalidOperationException($"client {i + 1} never reported synced; see {client.LogPath}");
            }
        }
    }

    private async Task StopAllAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }
}
