using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FolderSync.Common.Configuration;
using FolderSync.Common.Framing;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Engine;

/// <summary>The server's listener: accepts connections and runs one session per connection.</summary>
public sealed class SyncServer : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, ServerFolder> _folders;
    private readonly HealthOptions _health;
    private readonly FrameLimits _limits;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ServerSession, Task> _sessions = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    public SyncServer(IReadOnlyDictionary<string, ServerFolder> folders, HealthOptions health, FrameLimits limits, ILoggerFactory loggers)
    {
        _folders = folders;
        _health = health;
        _limits = limits;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SyncServer>();
    }

    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    public IReadOnlyCollection<ServerSession> Sessions => (IReadOnlyCollection<ServerSession>)_sessions.Keys;

    public void Start(IPEndPoint endPoint)
    {
        _listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(endPoint);
        _listener.Listen(128);
        _logger.LogInformation("Listening on {EndPoint}", _listener.LocalEndPoint);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        var sessionLogger = _loggers.CreateLogger<ServerSession>();
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogWarning("Accept failed: {Error}", ex.Message);
                continue;
            }

            var session = new ServerSession(socket, name => _folders.GetValueOrDefault(name), _health, _limits, sessionLogger);
            _sessions[session] = RunSessionAsync(session, cancellationToken);
        }
    }

    private async Task RunSessionAsync(ServerSession session, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await session.RunAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // A session must never take the daemon down.
            _logger.LogError(ex, "Session with {Address} failed", session.Address);
        }
        finally
        {
            _sessions.TryRemove(session, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener?.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_sessions.Values).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }
}
