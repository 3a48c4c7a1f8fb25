using System.Security.Cryptography.X509Certificates;

namespace FolderSync.Server.Security;

/// <summary>
/// Who may connect to the server and how: the known clients, TLS, and the limits that keep a hostile or
/// broken peer from exhausting the daemon. Secure by default; the open and plain modes are loopback-only.
/// </summary>
public sealed record ServerSecurityOptions
{
    /// <summary>Client id → credential. A client not listed is refused when <see cref="RequireAuthentication"/>.</summary>
    public IReadOnlyDictionary<string, ClientCredential> Clients { get; init; } = new Dictionary<string, ClientCredential>();

    /// <summary>False lets unknown clients in without a token (any folder): allowed only on a loopback listener.</summary>
    public bool RequireAuthentication { get; init; } = true;

    /// <summary>The server's TLS certificate with its private key; null means plain TCP.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Must be set to listen without TLS, and then only on loopback.</summary>
    public bool AllowPlainTcp { get; init; }

    public int MaxConnections { get; init; } = 256;

    public int MaxSessionsPerClient { get; init; } = 4;

    /// <summary>Failed handshakes from one address within <see cref="FailureWindow"/> before it is locked out.</summary>
    public int MaxFailures { get; init; } = 5;

    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan Lockout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>TLS, HELLO and authentication must all finish within this.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Estimated memory of messages queued to one session before it is dropped as too slow.</summary>
    public long MaxQueuedBytes { get; init; } = 64L * 1024 * 1024;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>No authentication, no TLS: for tests and a loopback-only daemon.</summary>
    public static ServerSecurityOptions OpenLoopback { get; } = new() { RequireAuthentication = false, AllowPlainTcp = true };

    public override string ToString() =>
        $"ServerSecurityOptions {{ Clients = [{string.Join(", ", Clients.Keys)}], RequireAuthentication = {RequireAuthentication}, Tls = {Certificate is not null} }}";
}
