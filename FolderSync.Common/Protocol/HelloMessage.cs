using System.Text.Json.Serialization;

namespace FolderSync.Common.Protocol;

/// <summary>Client → server, first message: who I am, which folder, and the last sequence I applied.</summary>
/// <param name="LastSequence">0 for a client that never synced (asks for a full index).</param>
public sealed record HelloMessage(
    int ProtocolVersion,
    string ClientId,
    string Folder,
    long LastSequence,
    long ClockUnixMs,
    string[] Capabilities) : Message
{
    /// <summary>The client's half of the challenge (base64, 32 random bytes); absent from a client without a token.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Nonce { get; init; }
}
