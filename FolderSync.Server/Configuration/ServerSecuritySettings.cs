namespace FolderSync.Server.Configuration;

/// <summary>The server's <c>Security</c> section: TLS is the default, plain TCP an explicit loopback-only choice.</summary>
internal sealed class ServerSecuritySettings
{
    public bool PlainTcp { get; set; }

    public int MaxConnections { get; set; } = 256;

    public int MaxSessionsPerClient { get; set; } = 4;
}
