using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FolderSync.Common.Configuration;
using FolderSync.Common.Folders;
using FolderSync.Common.Framing;
using FolderSync.Common.Hosting;
using FolderSync.Common.Metrics;
using FolderSync.Common.Security;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;
using FolderSync.Server.Commands;
using FolderSync.Server.Configuration;
using FolderSync.Server.Engine;
using FolderSync.Server.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FolderSync.Server.Hosting;

/// <summary>
/// The server daemon's life: one inotify descriptor, one engine per folder (however many clients
/// subscribe), one listener. Stopping closes the listener first, then lets each folder finish its step.
/// </summary>
internal sealed class ServerService(
    IOptions<ServerOptions> options,
    IOptions<SyncOptions> sync,
    IOptions<HealthOptions> health,
    ILoggerFactory loggers) : IHostedService, IControlSource, IMetricsSource, ILoopProbe, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<ServerService>();
    private readonly Dictionary<string, PublishedFolder> _folders = new(StringComparer.Ordinal);
    private readonly ActivityLog _activity = new();
    private InotifyWatcher? _inotify;
    private SyncServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var config = options.Value;
        _inotify = new InotifyWatcher();
        if (!_inotify.IsAvailable)
        {
            _logger.LogWarning("inotify unavailable ({Error}); folders are polled every {Seconds} s", _inotify.LastError, sync.Value.RescanIntervalSeconds);
        }

        foreach (var (name, folder) in config.Folders)
        {
            var access = Enum.Parse<AccessMode>(folder.Access, ignoreCase: true);
            _folders[name] = new PublishedFolder(new PublishedFolderOptions(name, folder.Path, access, config.StateDir, sync.Value) { History = folder.History, Activity = _activity }, _inotify, loggers.CreateLogger($"Folder.{name}"));
        }

        // Listening first: clients start their own scans and handshakes while the folders scan (in parallel);
        // a session waits for its folder's start before the index (PublishedFolder.Started).
        _server = new SyncServer(_folders, health.Value, new FrameLimits { MaxBodyBytes = sync.Value.MaxFileSizeBytes }, SecurityFor(config), loggers);
        _server.Start(await ResolveAsync(config.Listen, cancellationToken));
        await Task.WhenAll(_folders.Values.Select(folder => folder.StartAsync(cancellationToken)));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Stopping: closing the listener and sessions, then the folders");
        await DisposeAsync();
        _logger.LogInformation("Stopped cleanly");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        foreach (var folder in _folders.Values)
        {
            await folder.DisposeAsync();
        }

        _folders.Clear();
        _inotify?.Dispose();
        _inotify = null;
    }

    public IEnumerable<IControlHandler> ControlHandlers =>
    [
        new ListCommand(ListCommand.ClientsVerb.Name, ClientsJson),
        new ListCommand(ListCommand.FoldersVerb.Name, FoldersJson),
        new ActivityCommand(_activity, options.Value.Folders.Keys),
        .. FolderCommands.Verbs.Select(verb => new FolderCommandHandler(verb, _folders)),
    ];

    public async Task<PrometheusText> GetMetricsAsync() => ServerMetrics.From(await GetStatusAsync());

    public Task ProbeAsync() => Task.WhenAll(_folders.Values.Select(folder => folder.ProbeAsync()));

    public Task<JsonObject> GetStatusAsync() => Task.FromResult(new JsonObject
    {
        ["listen"] = _server?.LocalEndPoint?.ToString() ?? options.Value.Listen,
        ["fingerprint"] = _server?.Fingerprint is { } fingerprint ? CertificateFingerprint.Format(fingerprint) : null,
        ["folders"] = FoldersJson(),
        ["clients"] = ClientsJson(),
    });

    public JsonArray FoldersJson() => new(_folders.Values.Select(f => (JsonNode)new JsonObject
    {
        ["name"] = f.Name,
        ["path"] = f.Path,
        ["access"] = f.Access.ToString(),
        ["files"] = f.FileCount,
        ["sequence"] = f.Sequence,
        ["halted"] = f.HaltReason,
        ["heldDeletes"] = new JsonObject { ["count"] = f.HeldDeletes, ["reason"] = f.HeldDeletesReason },
        ["skipped"] = f.SkippedStatus(),
        ["problems"] = f.ProblemsStatus(),
        ["watcher"] = f.WatcherStatus(),
    }).ToArray());

    public JsonArray ClientsJson() => new((_server?.Sessions ?? []).Where(s => s.FolderName is not null).Select(s => (JsonNode)new JsonObject
    {
        ["id"] = s.ClientId,
        ["folder"] = s.FolderName,
        ["address"] = s.Address,
        ["rttMs"] = s.RttMs,
        ["clockOffsetMs"] = s.ClientClockAheadMs,
        ["lastActivity"] = s.LastReceived?.ToString("O"),
        ["queuedBytes"] = s.QueuedBytes,
    }).ToArray());

    /// <summary>TLS with the identity kept in StateDir unless plain TCP was asked for; tokens checked when clients are configured.</summary>
    private static ServerSecurityOptions SecurityFor(ServerOptions config) => new()
    {
        Clients = config.Clients.ToDictionary(c => c.Key, c => new ClientCredential(c.Value.Token, c.Value.Folders), StringComparer.Ordinal),
        RequireAuthentication = config.Clients.Count > 0,
        Certificate = config.Security.PlainTcp ? null : ServerCertificate.LoadOrCreate(config.StateDir),
        AllowPlainTcp = config.Security.PlainTcp,
        MaxConnections = config.Security.MaxConnections,
        MaxSessionsPerClient = config.Security.MaxSessionsPerClient,
    };

    private static async Task<IPEndPoint> ResolveAsync(string listen, CancellationToken cancellationToken)
    {
        if (!SharedOptionsValidation.TryParseEndpoint(listen, out var host, out int port))
        {
            throw new ConfigurationException("Listen", $"'{listen}' is not host:port");
        }

        // "*" is every address, IPv6 and IPv4 alike (SyncServer makes an IPv6 wildcard socket dual-stack).
        if (host is "*" or "")
        {
            return new IPEndPoint(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, port);
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        return new IPEndPoint(addresses.First(), port);
    }
}
