using System.Net;
using FolderSync.Common.Configuration;
using FolderSync.Common.Engine;
using FolderSync.Common.Framing;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FolderSync.Tests.Support;

/// <summary>
/// A server folder and one or more client engines in this process, over real TCP on 127.0.0.1, with real
/// inotify and real SQLite files in a temp directory. Tests drive the two folders from outside.
/// </summary>
internal sealed class EnginePair : IAsyncDisposable
{
    private readonly InotifyWatcher _inotify = new();
    private readonly List<ClientEngine> _clients = [];
    private readonly AccessMode _access;
    private ServerFolder? _folder;
    private SyncServer? _server;

    public EnginePair(AccessMode access = AccessMode.EditOnly)
    {
        _access = access;
        Root = StoreScanTempDirectory.CreatePath();
        ServerPath = Directory.CreateDirectory(System.IO.Path.Combine(Root, "server")).FullName;
        ClientPath = System.IO.Path.Combine(Root, "client");
    }

    public string Root { get; }

    public string ServerPath { get; }

    public string ClientPath { get; }

    public ServerFolder Folder => _folder!;

    public ClientEngine Client => _clients[0];

    public int Port => _server!.LocalEndPoint!.Port;

    public static SyncOptions Sync { get; } = new() { DebounceMilliseconds = 50, RescanIntervalSeconds = 60 };

    public static HealthOptions Health { get; } = new() { PingIntervalSeconds = 1, PingTimeoutSeconds = 5 };

    public string Server(string relative) => System.IO.Path.Combine(ServerPath, relative);

    public string Local(string relative, int client = 0) => System.IO.Path.Combine(client == 0 ? ClientPath : ClientPath + client, relative);

    public async Task StartServerAsync(int port = 0)
    {
        _folder = new ServerFolder(new ServerFolderOptions("docs", ServerPath, _access, System.IO.Path.Combine(Root, "server-state"), Sync), _inotify, Logger("server"));
        await _folder.StartAsync(CancellationToken.None);
        _server = new SyncServer(new Dictionary<string, ServerFolder> { ["docs"] = _folder }, Health, FrameLimits.Default, NullLoggerFactory.Instance);
        _server.Start(new IPEndPoint(IPAddress.Loopback, port));
    }

    public async Task StopServerAsync()
    {
        await _server!.DisposeAsync();
        await _folder!.DisposeAsync();
    }

    /// <param name="port">Connect here instead of the server's port (a proxy in between).</param>
    public async Task<ClientEngine> StartClientAsync(int index = 0, int? port = null)
    {
        string local = index == 0 ? ClientPath : ClientPath + index;
        var client = new ClientEngine(
            new ClientEngineOptions("127.0.0.1", port ?? Port, "docs", local, System.IO.Path.Combine(Root, $"client-state{index}"), $"client{index}", Sync, Health),
            _inotify,
            Logger($"client{index}"));
        await client.StartAsync(CancellationToken.None);
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

    public async Task StopClientAsync(int index = 0) => await _clients[index].DisposeAsync();

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

    private static TestLogger Logger(string name) => new(name);

    public async ValueTask DisposeAsync()
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

    /// <summary>Engine logs go to the test's output, so a failure shows what each side did.</summary>
    private sealed class TestLogger(string name) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            TestContext.Progress.WriteLine($"{DateTime.Now:HH:mm:ss.fff} [{name}] {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.Message)}");
        }
    }
}
