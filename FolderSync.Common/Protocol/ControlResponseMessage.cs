using System.Text.Json.Nodes;

namespace FolderSync.Common.Protocol;

/// <summary>
/// Server → client: the answer to CONTROL_REQUEST <paramref name="RequestId"/>, the same document a control socket
/// answers: <c>{"ok":true,...}</c> or <c>{"ok":false,"error":...,"code":"usage|failed|timeout"}</c>.
/// </summary>
public sealed record ControlResponseMessage(long RequestId, JsonObject Answer) : Message;
