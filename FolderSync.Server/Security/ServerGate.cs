using System.Net;

namespace FolderSync.Server.Security;

/// <summary>
/// The server's shared admission state: the options, failed-handshake counts per address, open connections and
/// sessions per client id. Sessions ask it; the listener owns it.
/// </summary>
public sealed class ServerGate
{
    private readonly Dictionary<string, int> _sessionsPerClient = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _connections;

    public ServerGate(ServerSecurityOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Failures = new FailureLimiter(options.MaxFailures, options.FailureWindow, options.Lockout, options.Time);
    }

    public ServerSecurityOptions Options { get; }

    public FailureLimiter Failures { get; }

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Null when the address may connect, else why not (a lockout after failures).</summary>
    public string? RefuseAddress(IPAddress? address) =>
        address is not null && Failures.RetryAfter(address) is { } wait
            ? $"too many failed attempts from {address}; retry in {Math.Ceiling(wait.TotalSeconds):0} s"
            : null;

    /// <summary>Counts a connection; false (and not counted) beyond <see cref="ServerSecurityOptions.MaxConnections"/>.</summary>
    public bool TryOpenConnection()
    {
        if (Interlocked.Increment(ref _connections) <= Options.MaxConnections)
        {
            return true;
        }

        Interlocked.Decrement(ref _connections);
        return false;
    }

    public void CloseConnection() => Interlocked.Decrement(ref _connections);

    /// <summary>Counts a session of <paramref name="clientId"/>; false beyond <see cref="ServerSecurityOptions.MaxSessionsPerClient"/>.</summary>
    public bool TryOpenSession(string clientId)
    {
        lock (_lock)
        {
            int open = _sessionsPerClient.GetValueOrDefault(clientId);
            if (open >= Options.MaxSessionsPerClient)
            {
                return false;
            }

            _sessionsPerClient[clientId] = open + 1;
            return true;
        }
    }

    public void CloseSession(string clientId)
    {
        lock (_lock)
        {
            int open = _sessionsPerClient.GetValueOrDefault(clientId) - 1;
            if (open <= 0)
            {
                _sessionsPerClient.Remove(clientId);
            }
            else
            {
                _sessionsPerClient[clientId] = open;
            }
        }
    }

    /// <summary>
    /// The start-up rule: without authentication or without TLS the server may listen on loopback only.
    /// Null when <paramref name="endPoint"/> is acceptable, else the reason to refuse to start.
    /// </summary>
    public static string? CheckListen(IPEndPoint endPoint, ServerSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(options);
        bool loopback = IPAddress.IsLoopback(endPoint.Address);
        if (!options.RequireAuthentication && !loopback)
        {
            return $"refusing to listen on {endPoint} without client authentication: configure Clients, or listen on 127.0.0.1";
        }

        if (options.Certificate is null && !options.AllowPlainTcp)
        {
            return "no TLS certificate was given and plain TCP is not enabled";
        }

        if (options.Certificate is null && !loopback)
        {
            return $"refusing plain TCP on {endPoint}: unencrypted connections are allowed on loopback only";
        }

        return options.RequireAuthentication && options.Clients.Count == 0
            ? "authentication is required but no clients are configured: nobody could connect"
            : null;
    }
}
