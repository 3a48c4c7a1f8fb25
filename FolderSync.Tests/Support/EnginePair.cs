using System.Collections.Concurrent;
using System.Net;
using FolderSync.Client.Engine;
using FolderSync.Client.Security;
using FolderSync.Common.Configuration;
using FolderSync.Common.Framing;
using FolderSync.Common.Scanning;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;
using FolderSync.Server.Engine;
using FolderSync.Server.Security;
using Microsoft.Extensions.Logging;

namespace FolderSync.Tests.Support;

/// <summary>
/// A server folder and one or more client engines in this process, over real TCP on 127.0.0.1, with real
/// inotify and real SQLite files in a temp directory. Tests drive the two folders from outside.
/// </summary>
internal sealed class EnginePair : IAsyncDisposable
{
    private readonly InotifyWatcher _inotify = new();
    private readonly List<SubscribedFolder> _clients = [];
    private readonly ConcurrentQueue<string> _log = new();
    private readonly AccessMode _access;
    private readonly LogLevel _logLevel;
    private PublishedFolder? _folder;
    private SyncServer? _server;
    private bool _serverRunning;
    private readonly HashSet<int> _stoppedClients = [];
    private readonly SyncOptions _sync;

    /// <param name="logLevel">Raise it for load tests: one log line per file slows both engines down.</param>
    /// <param name="sync">Both engines' <c>Sync</c> section; <see cref="Sync"/> when null.</param>
    public EnginePair(AccessMode access = AccessMode.EditOnly, LogLevel logLevel = LogLevel.Information, SyncOptions? sync = null)
    {
        _access = access;
        _logLevel = logLevel;
        _sync = sync ?? Sync;
        Root = StoreScanTempDirectory.CreatePath();
        ServerPath = Directory.CreateDirectory(System.IO.Path.Combine(Root, "server")).FullName;
        ClientPath = System.IO.Path.Combine(Root, "client");
        Invariants.PlantBeside(ServerPath);
    }

    /// <summary>Checked on dispose, before the engines stop; a test that breaks one on purpose waives it.</summary>
    public SyncInvariants Invariants { get; } = new();

    public string Root { get; }

    public string ServerPath { get; }

    public string ClientPath { get; }

    public PublishedFolder Folder => _folder!;

    public SubscribedFolder Client => _clients[0];

    public int Port => _server!.LocalEndPoint!.Port;

    public SyncServer SyncServer => _server!;

    public string ServerStateDir => System.IO.Path.Combine(Root, "server-state");

    public static string TokenFor(int client) => $"test-token-{client}-secret";

    /// <summary>TLS with the pair's certificate; clients 0–3 known, each allowed folder "docs".</summary>
    public ServerSecurityOptions DefaultServerSecurity() => new()
    {
        Certificate = ServerCertificate.LoadOrCreate(ServerStateDir),
        Clients = Enumerable.Range(0, 4).ToDictionary(i => $"client{i}", i => new ClientCredential(TokenFor(i), ["docs"])),
    };

    /// <summary>What the listener and sessions logged (refusals, lockouts, caps).</summary>
    public IReadOnlyList<string> ServerLog => LogOf("session");

    public static SyncOptions Sync { get; } = new() { DebounceMilliseconds = 50, RescanIntervalSeconds = 60 };

    public static HealthOptions Health { get; } = new() { PingIntervalSeconds = 1, PingTimeoutSeconds = 5 };

    public string Server(string relative) => System.IO.Path.Combine(ServerPath, relative);

    public string Local(string relative, int client = 0) => System.IO.Path.Combine(LocalRoot(client), relative);

    public string LocalRoot(int client = 0) => client == 0 ? ClientPath : ClientPath + client;

    public string StateDir(int client = 0) => System.IO.Path.Combine(Root, $"client-state{client}");

    public SubscribedFolder ClientAt(int index) => _clients[index];

    /// <summary>Listens, then starts the folder (its start-up scan), in the daemon's order.</summary>
    public async Task StartServerAsync(int port = 0, ServerSecurityOptions? security = null)
    {
        Listen(port, security);
        await StartFolderAsync();
    }

    /// <summary>The listener only, over a folder not started yet: <see cref="StartFolderAsync"/> starts it.</summary>
    public void Listen(int port = 0, ServerSecurityOptions? security = null)
    {
        _folder = new PublishedFolder(new PublishedFolderOptions("docs", ServerPath, _access, ServerStateDir, _sync), _inotify, Logger("server"));
        _server = new SyncServer(new Dictionary<string, PublishedFolder> { ["docs"] = _folder }, Health, FrameLimits.Default, security ?? DefaultServerSecurity(), new SessionLoggers(Logger("session")));
        _server.Start(new IPEndPoint(IPAddress.Loopback, port));
        _serverRunning = true;
    }

    public Task StartFolderAsync() => _folder!.StartAsync(CancellationToken.None);

    public async Task StopServerAsync()
    {
        _serverRunning = false;
        await _server!.DisposeAsync();
        await _folder!.DisposeAsync();
    }

    /// <param name="port">Another port than the server's: a proxy in front of it.</param>
    public async Task<SubscribedFolder> StartClientAsync(int index = 0, int? port = null, ClientSecurityOptions? security = null, string? clientId = null, SyncOptions? sync = null, TimeProvider? time = null)
    {
        Invariants.PlantBeside(LocalRoot(index));
        var client = new SubscribedFolder(
            new SubscribedFolderOptions("127.0.0.1", port ?? Port, "docs", LocalRoot(index), StateDir(index), clientId ?? $"client{index}", sync ?? _sync, Health)
            {
                Security = security ?? new ClientSecurityOptions { Token = TokenFor(index) },
                Time = time ?? TimeProvider.System,
            },
            _inotify,
            Logger($"client{index}"));
        await client.StartAsync(CancellationToken.None);
        _stoppedClients.Remove(index);
        if (index < _clients.Count)
        {
            _clients[index] = client;
        }
        else
        {
            _clients.Add(client);
        }

        return client;
    }

    public async Task StopClientAsync(int index = 0)
    {
        _stoppedClients.Add(index);
        await _clients[index].DisposeAsync();
    }

    /// <summary>Waits until the client says it is connected and has nothing pending.</summary>
    public async Task IdleAsync(int client = 0)
    {
        string last = string.Empty;
        await Eventually.TrueAsync(
            async () =>
            {
                var status = await _clients[client].GetStatusAsync();
                last = status.ToJsonString();
                return (bool)status["connected"]! && (int)status["pendingUploads"]! == 0 && (int)status["pendingDownloads"]! == 0;
            },
            TimeSpan.FromSeconds(15),
            $"client {client} connected and idle (last status {last})");
    }

    /// <summary>The log lines so far of one side ("server", "client0", ...), for asserting what an engine did.</summary>
    public IReadOnlyList<string> LogOf(string name) => [.. _log.Where(l => l.StartsWith($"[{name}] ", StringComparison.Ordinal))];

    private TestLogger Logger(string name) => new(name, _logLevel, _log);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AssertInvariantsAsync();
        }
        finally
        {
            await StopAllAsync();
        }
    }

    /// <summary>The invariant sweep now (dispose runs it too).</summary>
    public Task AssertInvariantsAsync() => Invariants.AssertAsync(Sides());

    /// <summary>The sides as they are now: running clients only; in-process engines cannot die apart from the test.</summary>
    private SyncSides Sides()
    {
        var clients = Enumerable.Range(0, _clients.Count).Where(i => !_stoppedClients.Contains(i))
            .Select(i => new SyncClientSide($"client{i}", LocalRoot(i), async () => await _clients[i].GetStatusAsync())).ToList();
        var databases = Directory.EnumerateDirectories(Root, "*-state*").SelectMany(d => Directory.EnumerateFiles(d, "*.db")).ToList();
        return new SyncSides(
            ServerPath,
            () => Task.FromResult<long?>(_serverRunning ? _folder!.Sequence : null),
            clients,
            databases,
            new ScanOptions { MaxFileSizeBytes = Sync.MaxFileSizeBytes },
            TimeSpan.FromMilliseconds((2 * Sync.DebounceMilliseconds) + 200),
            []);
    }

    private async Task StopAllAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_folder is not null)
        {
            await _folder.DisposeAsync();
        }

        _inotify.Dispose();
        StoreScanTempDirectory.DeletePath(Root);
    }

    /// <summary>The listener's and sessions' logs: a session that ends early says why.</summary>
    private sealed class SessionLoggers(ILogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Engine logs go to the test's output, so a failure shows what each side did.</summary>
    private sealed class TestLogger(string name, LogLevel minimum, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            string line = $"[{name}] {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.Message)}";
            sink.Enqueue(line);
            TestContext.Progress.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {line}");
        }
    }
}
