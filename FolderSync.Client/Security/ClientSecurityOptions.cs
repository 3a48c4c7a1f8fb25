namespace FolderSync.Client.Security;

/// <summary>How a client proves itself and recognises its server.</summary>
public sealed record ClientSecurityOptions
{
    /// <summary>TLS, trust on first use, no token.</summary>
    public static ClientSecurityOptions Default { get; } = new();

    /// <summary>The shared secret for the HMAC challenge; null when the server needs none. Never logged.</summary>
    public string? Token { get; init; }

    /// <summary>The server certificate's SHA-256 fingerprint (hex); null or empty: trust on first use, then pin.</summary>
    public string? ExpectedFingerprint { get; init; }

    public bool UseTls { get; init; } = true;

    /// <summary>Must be set to connect without TLS, and then only to a loopback address.</summary>
    public bool AllowPlainTcp { get; init; }

    public override string ToString() =>
        $"ClientSecurityOptions {{ Token = {(Token is null ? "none" : "***")}, ExpectedFingerprint = {ExpectedFingerprint}, UseTls = {UseTls} }}";
}
