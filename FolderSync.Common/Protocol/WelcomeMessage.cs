using System.Text.Json.Serialization;

using FolderSync.Common.Sync;

namespace FolderSync.Common.Protocol;

/// <summary>Server → client answer to HELLO; INDEX_BATCH* and INDEX_END follow.</summary>
/// <param name="Sequence">The folder's current sequence on the server.</param>
/// <param name="FullIndex">True when the index that follows is complete rather than the changes since LastSequence.</param>
public sealed record WelcomeMessage(
    int ProtocolVersion,
    string Folder,
    AccessMode Access,
    long Sequence,
    bool FullIndex,
    long ClockUnixMs) : Message
{
    /// <summary>The body encodings the server decodes (<see cref="BodyEncoding"/>) and <see cref="ControlRequestMessage.Capability"/>; absent from an older server.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Capabilities { get; init; }
}
