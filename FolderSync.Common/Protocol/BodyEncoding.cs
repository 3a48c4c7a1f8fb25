namespace FolderSync.Common.Protocol;

/// <summary>How a FILE_UPDATE body may travel besides raw (docs/protocol.md, "Compression").</summary>
public static class BodyEncoding
{
    /// <summary>Brotli: the body's <c>encoding</c>, and the HELLO / WELCOME capability of a peer that decodes it.</summary>
    public const string Brotli = "br";
}
