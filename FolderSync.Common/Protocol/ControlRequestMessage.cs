using System.Text.Json.Nodes;

namespace FolderSync.Common.Protocol;

/// <summary>
/// Client → server: one control request, the same document a daemon's control socket takes
/// (<c>{"command":"history","path":"a.txt"}</c>); answered by CONTROL_RESPONSE with the same <paramref name="RequestId"/>.
/// </summary>
public sealed record ControlRequestMessage(long RequestId, JsonObject Request) : Message
{
    /// <summary>The WELCOME capability of a server that answers CONTROL_REQUEST; an older one would close the connection on it.</summary>
    public const string Capability = "control";
}
