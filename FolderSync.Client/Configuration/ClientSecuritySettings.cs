namespace FolderSync.Client.Configuration;

/// <summary>The client's <c>Security</c> section: TLS is the default, plain TCP an explicit loopback-only choice.</summary>
internal sealed class ClientSecuritySettings
{
    public bool PlainTcp { get; set; }
}
