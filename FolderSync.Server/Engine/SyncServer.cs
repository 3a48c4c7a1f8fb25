using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FolderSync.Common.Configuration;
using FolderSync.Common.Framing;
using FolderSync.Common.Security;
using FolderSync.Server.Security;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// The server's listener: accepts connections and runs one session per connection, within the limits of its
/// <see cref="ServerSecurityOptions"/>. Open or plain-TCP modes start on loopback only.
/// </summary>
public sealed class SyncServer : IAsyncDisposable
{
    private int _disposed;
    private readonly IReadOnlyDictionary<string, PublishedFolder> _folders;
    private readonly HealthOptions _health;
    private readonly FrameLimits _limits;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ServerGate _gate;
    private readonly ConcurrentDictionary<ServerSession, Task> _sessions = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _refusing;

    public SyncServer(IReadOnlyDictionary<string, PublishedFolder> folders, HealthOptions health, FrameLimits limits, ServerSecurityOptions security, ILoggerFactory loggers)
    {
        _gate = new ServerGate(security);
        Fingerprint = security.Certificate is { } certificate ? CertificateFingerprint.Of(certificate) : null;
        _folders = folders;
        _health = health;
        _limits = limits;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SyncServer>();
    }

    /// <summary>Connections over the limit still get a clear ERROR, up to this many at a time; beyond it they are just closed.</summary>
    private const int MaxRefusing = 32;

    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>SHA-256 of the TLS certificate (lower-case hex) for clients to pin; null over plain TCP.</summary>
    public string? Fingerprint { get; }

    /// <summary>Connections open now, in handshake or in session.</summary>
    public int ConnectionCount => _gate.Connections;

    /// <summary>Null when <paramref name="endPoint"/> may be used with <paramref name="security"/>, else why not (the daemon exits on it).</summary>
    public static string? CheckListen(IPEndPoint endPoint, ServerSecurityOptions security) => ServerGate.CheckListen(endPoint, security);

    public IReadOnlyCollection<ServerSession> Sessions => (IReadOnlyCollection<ServerSession>)_sessions.Keys;

    /// <exception cref="InvalidOperationException">The endpoint is not allowed with these security options (<see cref="CheckListen"/>).</exception>
    public void Start(IPEndPoint endPoint)
    {
        if (CheckListen(endPoint, _gate.Options) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        _listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.Address.Equals(IPAddress.IPv6Any)) _listener.DualMode = true; // [::] takes IPv4 too: .NET sets IPV6_V6ONLY
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(endPoint);
        _listener.Listen(128);
        _logger.LogInformation("Listening on {EndPoint} ({Mode}; {Clients} clients configured{Fingerprint})",
            _listener.LocalEndPoint,
            Fingerprint is null ? "plain TCP" : "TLS",
            _gate.Options.Clients.Count,
            Fingerprint is null ? string.Empty : $"; certificate fingerprint {Fingerprint}");
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

            string? refusal = null;
            if (!_gate.TryOpenConnection())
            {
                if (Interlocked.Increment(ref _refusing) > MaxRefusing)
                {
                    Interlocked.Decrement(ref _refusing);
                    _logger.LogWarning("Closed a connection from {Address} unanswered: over the connection limit", socket.RemoteEndPoint);
                    socket.Dispose();
                    continue;
                }

                refusal = $"the server is at its limit of {_gate.Options.MaxConnections} connections; try again later";
            }

            var session = new ServerSession(socket, _gate, _folders, _health, _limits, sessionLogger, refusal);
            _sessions[session] = RunSessionAsync(session, counted: refusal is null, cancellationToken);
        }
    }

    private async Task RunSessionAsync(ServerSession session, bool counted, CancellationToken cancellationToken)
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
            if (counted)
            {
                _gate.CloseConnection();
            }
            else
            {
                Interlocked.Decrement(ref _refusing);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener?.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_sessions.Values).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }
}
