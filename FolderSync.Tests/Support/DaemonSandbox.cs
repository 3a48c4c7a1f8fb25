using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FolderSync.Common.Configuration;
using FolderSync.Common.Scanning;

namespace FolderSync.Tests.Support;

/// <summary>
/// A temp directory holding one server folder and any number of client folders, their config files
/// and state directories, and the daemon processes started on them (all killed on dispose, even when
/// the test failed). Each sandbox has its own loopback port, so sandboxes run side by side.
/// </summary>
internal sealed class DaemonSandbox : IAsyncDisposable
{
    public const string FolderName = "docs";
    private readonly List<DaemonProcess> _processes = [];

    public DaemonSandbox(string access = "EditOnly", JsonObject? sync = null)
    {
        AccessName = access;
        SyncConfig = sync ?? [];
        Root = Path.Combine(Path.GetTempPath(), "foldersync-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        ServerPath = Directory.CreateDirectory(Path.Combine(Root, "server")).FullName;
        Port = FreePort();
        WriteServerConfig();
        Invariants.PlantBeside(ServerPath);
    }

    /// <summary>Checked on dispose, before the daemons are killed; a test that breaks one on purpose waives it.</summary>
    public SyncInvariants Invariants { get; } = new();

    public string Root { get; }

    public string AccessName { get; }

    public JsonObject SyncConfig { get; }

    public string ServerPath { get; }

    public int Port { get; }

    public string ServerConfig => Path.Combine(Root, "server.json");

    public DaemonProcess? ServerProcess { get; private set; }

    public string ServerFile(string relative) => Path.Combine(ServerPath, relative);

    public string ClientPath(int index = 0) => Path.Combine(Root, $"client{index}");

    public string ClientFile(string relative, int index = 0) => Path.Combine(ClientPath(index), relative);

    public string ClientConfig(int index = 0) => Path.Combine(Root, $"client{index}.json");

    public string ClientStateDir(int index = 0) => Path.Combine(Root, $"client{index}-state");

    public string ServerStateDir => Path.Combine(Root, "server-state");

    public string ServerDatabase => Path.Combine(ServerStateDir, $"folder-{FolderName}.db");

    public string ClientDatabase(int index = 0) => Path.Combine(ClientStateDir(index), "client.db");

    /// <summary>Starts the server and waits until it answers status (so it listens).</summary>
    public async Task<DaemonProcess> StartServerAsync(DaemonLaunch? launch = null)
    {
        ServerProcess = Track(DaemonProcess.Start("server", DaemonBinaries.ServerDll, ServerConfig, ServerStateDir, launch ?? DaemonLaunch.Plain));
        await ServerProcess.WaitReadyAsync();
        return ServerProcess;
    }

    /// <summary>Starts client <paramref name="index"/> (writing its config the first time); does not wait.</summary>
    public DaemonProcess StartClient(int index = 0, DaemonLaunch? launch = null)
    {
        if (!File.Exists(ClientConfig(index)))
        {
            WriteClientConfig(index);
        }

        Invariants.PlantBeside(ClientPath(index));

        return Track(DaemonProcess.Start($"client{index}", DaemonBinaries.ClientDll, ClientConfig(index), ClientStateDir(index), launch ?? DaemonLaunch.Plain));
    }

    /// <summary>Starts a client and waits until it is connected with nothing pending.</summary>
    public async Task<DaemonProcess> StartClientIdleAsync(int index = 0, TimeSpan? timeout = null, DaemonLaunch? launch = null)
    {
        var client = StartClient(index, launch);
        await client.WaitIdleAsync(timeout);
        return client;
    }

    /// <summary>Waits until the client's tree equals the server's (paths and SHA-256) and the client is idle.</summary>
    public async Task WaitConvergedAsync(DaemonProcess client, int index = 0, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        string difference = string.Empty;
        while (true)
        {
            var status = await client.StatusAsync();
            if (status is not null && DaemonProcess.IsIdle(status))
            {
                difference = DaemonTree.Difference(DaemonTree.Snapshot(ServerPath), DaemonTree.Snapshot(ClientPath(index)));
                if (difference.Length == 0)
                {
                    return;
                }
            }

            if (watch.Elapsed > limit)
            {
                Assert.Fail($"client{index} did not converge within {limit.TotalSeconds:0.#} s: {difference}; status {status?.ToJsonString() ?? "none"}");
            }

            await Task.Delay(50);
        }
    }

    public void WriteServerConfig(string? listen = null)
    {
        var config = new JsonObject
        {
            ["Listen"] = listen ?? $"127.0.0.1:{Port}",
            ["StateDir"] = "server-state",
            ["Folders"] = new JsonObject { [FolderName] = new JsonObject { ["Path"] = "server", ["Access"] = AccessName } },
            ["Sync"] = SyncConfig.DeepClone(),
            ["Health"] = Health(),
        };
        File.WriteAllText(ServerConfig, config.ToJsonString());
    }

    public void WriteClientConfig(int index)
    {
        var config = new JsonObject
        {
            ["Server"] = $"127.0.0.1:{Port}",
            ["Folder"] = FolderName,
            ["ClientId"] = $"client{index}",
            ["LocalPath"] = $"client{index}",
            ["StateDir"] = $"client{index}-state",
            ["Sync"] = SyncConfig.DeepClone(),
            ["Health"] = Health(),
        };
        File.WriteAllText(ClientConfig(index), config.ToJsonString());
    }

    public DaemonProcess Track(DaemonProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>The invariant sweep now, e.g. while something the test owns (a mount, a proxy) still stands; dispose runs it too.</summary>
    public Task AssertInvariantsAsync() => Invariants.AssertAsync(Sides());

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AssertInvariantsAsync();
        }
        finally
        {
            // Clients first, so their logs do not end with the server vanishing under them.
            foreach (var process in Enumerable.Reverse(_processes))
            {
                await process.DisposeAsync();
            }
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir must not fail a test.
        }
    }

    /// <summary>A port nobody listens on now: bind to port 0, read it, close.</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>The sides as they are now: the last process started under each name is the one that counts.</summary>
    private SyncSides Sides()
    {
        var latest = _processes.GroupBy(p => p.Name).Select(g => g.Last()).ToList();
        var clients = latest.Where(p => p.Name != "server" && !p.HasExited)
            .Select(p => new SyncClientSide(p.Name, Path.Combine(Root, p.Name), p.StatusAsync)).ToList();
        var databases = Directory.EnumerateDirectories(Root, "*-state").SelectMany(d => Directory.EnumerateFiles(d, "*.db")).ToList();
        long debounce = Number(SyncConfig["DebounceMilliseconds"]) ?? new SyncOptions().DebounceMilliseconds;
        var scan = new ScanOptions { MaxFileSizeBytes = Number(SyncConfig["MaxFileSizeBytes"]) ?? ScanOptions.DefaultMaxFileSizeBytes };
        var dead = latest.Where(p => p.HasExited && !p.StoppedByTest).Select(p => p.Name).ToList();
        return new SyncSides(ServerPath, ServerSequenceAsync, clients, databases, scan, TimeSpan.FromMilliseconds((2 * debounce) + 200), dead);
    }

    private async Task<long?> ServerSequenceAsync() =>
        ServerProcess is { HasExited: false } server && await server.StatusAsync() is { } status
            ? Number(status["folders"]?.AsArray().FirstOrDefault(f => (string?)f?["name"] == FolderName)?["sequence"])
            : null;

    /// <summary>A JSON number whether it was parsed (a long) or set by a test (an int).</summary>
    private static long? Number(JsonNode? node) => node is null ? null : long.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    // Pings every second so rttMs is measured and a dead peer is noticed within seconds.
    private static JsonObject Health() => new() { ["PingIntervalSeconds"] = 1, ["PingTimeoutSeconds"] = 5 };
}
