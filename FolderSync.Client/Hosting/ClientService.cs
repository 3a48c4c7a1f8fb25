using System.Text.Json.Nodes;
using FolderSync.Client.Commands;
using FolderSync.Client.Configuration;
using FolderSync.Client.Engine;
using FolderSync.Client.Security;
using FolderSync.Common.Configuration;
using FolderSync.Common.Folders;
using FolderSync.Common.Hosting;
using FolderSync.Common.Metrics;
using FolderSync.Common.Watching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FolderSync.Client.Hosting;

/// <summary>The client daemon's life: one inotify descriptor and the engine for the subscribed folder.</summary>
internal sealed class ClientService(
    IOptions<ClientOptions> options,
    IOptions<SyncOptions> sync,
    IOptions<HealthOptions> health,
    ILoggerFactory loggers) : IHostedService, IControlSource, IMetricsSource, ILoopProbe, IAsyncDisposable
{
    private readonly ActivityLog _activity = new();
    private InotifyWatcher? _inotify;
    private SubscribedFolder? _engine;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var config = options.Value;
        if (!SharedOptionsValidation.TryParseEndpoint(config.Server, out var host, out int port))
        {
            throw new ConfigurationException("Server", $"'{config.Server}' is not host:port");
        }

        _inotify = new InotifyWatcher();
        _engine = new SubscribedFolder(
            new SubscribedFolderOptions(host, port, config.Folder, config.LocalPath, config.StateDir, config.ClientId, sync.Value, health.Value)
            {
                Security = new ClientSecurityOptions
                {
                    Token = string.IsNullOrEmpty(config.Token) ? null : config.Token,
                    ExpectedFingerprint = string.IsNullOrEmpty(config.ServerFingerprint) ? null : config.ServerFingerprint,
                    UseTls = !config.Security.PlainTcp,
                    AllowPlainTcp = config.Security.PlainTcp,
                },
                Activity = _activity,
            },
            _inotify,
            loggers.CreateLogger<SubscribedFolder>());
        await _engine.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger<ClientService>();
        logger.LogInformation("Stopping: finishing the current step, then closing the connection");
        await DisposeAsync();
        logger.LogInformation("Stopped cleanly");
    }

    /// <summary>The running engine, for the control verbs; refused while the daemon is still starting.</summary>
    public SubscribedFolder Engine => _engine ?? throw new ControlException(ControlException.Failed, "the client is still starting");

    /// <summary>The engine once it has started (<c>wait</c> waits through the start instead of refusing it).</summary>
    public SubscribedFolder? StartedEngine => _engine;

    public IEnumerable<IControlHandler> ControlHandlers =>
    [
        new WaitCommand(this, TimeSpan.FromMilliseconds(sync.Value.DebounceMilliseconds)),
        new PauseCommand(this, pause: true),
        new PauseCommand(this, pause: false),
        new RescanCommand(this),
        .. ServerVerbs.Forwarded.Select(verb => new ForwardCommand(this, verb)),
        new ActivityCommand(_activity),
    ];

    public async Task<PrometheusText> GetMetricsAsync() => ClientMetrics.From(await GetStatusAsync());

    public Task ProbeAsync() => _engine?.ProbeAsync() ?? Task.CompletedTask;

    public async Task<JsonObject> GetStatusAsync() =>
        _engine is null ? new JsonObject { ["connected"] = false, ["lastError"] = "starting" } : await _engine.GetStatusAsync();

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
            _engine = null;
        }

        _inotify?.Dispose();
        _inotify = null;
    }
}
