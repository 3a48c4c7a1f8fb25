using System.Text.Json.Serialization;

namespace FolderSync.Common.Protocol;

/// <summary>
/// A file's new content: <paramref name="Size"/> raw body bytes follow the header, or <see cref="WireSize"/> bytes that decode to them.
/// Client → server as an upload (with the base it edited), server → client as a push or an answer to FILE_REQUEST.
/// </summary>
/// <param name="RequestId">Echoed in the ACK; 0 for server pushes.</param>
/// <param name="BaseSha256">The server version the client edited; null for server pushes and creates.</param>
/// <param name="Sequence">Server-assigned; 0 from clients.</param>
public sealed record FileUpdateMessage(
    long RequestId,
    string Path,
    long Size,
    long MtimeNs,
    string Sha256,
    string? BaseSha256,
    long Sequence,
    string? Origin) : Message
{
    /// <summary><see cref="BodyEncoding.Brotli"/> when the body is encoded; absent for raw bytes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Encoding { get; init; }

    /// <summary>The encoded body's length on the wire; present exactly when <see cref="Encoding"/> is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? WireSize { get; init; }

    /// <summary>The file's permission bits (st_mode &amp; 0777, as a number); absent when the sender does not know it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Mode { get; init; }

    /// <summary>Client uploads: the mode of the server version the client edited, so the server keeps a mode changed only there.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BaseMode { get; init; }

    [JsonIgnore]
    public override long BodyLength => WireSize ?? Size;

    public RelativePath ParsePath() => WirePath.Parse(Path, "path");
}
