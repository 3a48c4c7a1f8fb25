namespace FolderSync.Common.Compression;

/// <summary><c>Sync:Compression</c>: whether this side Brotli-encodes the file bodies it sends.</summary>
public enum CompressionMode
{
    /// <summary>Over the network; not to a peer on loopback, where the copy costs less than the encoding.</summary>
    Auto,

    Always,

    /// <summary>Never encode, and do not offer to decode.</summary>
    Never,
}

public static class CompressionModes
{
    public static bool TryParse(string text, out CompressionMode mode) =>
        Enum.TryParse(text, ignoreCase: true, out mode) && Enum.IsDefined(mode) && !int.TryParse(text, out _);

    /// <summary>Whether to encode the bodies sent to <paramref name="peer"/>, which announced <paramref name="peerDecodes"/>.</summary>
    public static bool EncodesTo(this CompressionMode mode, IEnumerable<string>? peerDecodes, System.Net.IPAddress? peer) =>
        peerDecodes?.Contains(Protocol.BodyEncoding.Brotli) == true && mode switch
        {
            CompressionMode.Always => true,
            CompressionMode.Auto => peer is not null && !System.Net.IPAddress.IsLoopback(peer),
            _ => false,
        };

    /// <summary>What this side announces it decodes.</summary>
    public static string[] Capabilities(this CompressionMode mode) => mode == CompressionMode.Never ? [] : [Protocol.BodyEncoding.Brotli];
}
