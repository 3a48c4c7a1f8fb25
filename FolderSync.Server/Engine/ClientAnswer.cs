using FolderSync.Common.Protocol;

namespace FolderSync.Server.Engine;

/// <summary>
/// What a client's proposed change gets: the ACK, then, for a refusal or a conflict the server won, the server's
/// version to put back. The ACK goes first, so the client knows its content is safe before its copy is replaced.
/// </summary>
internal readonly record struct ClientAnswer(AckMessage Ack, Message? SendBack = null)
{
    public static ClientAnswer Of(long requestId, AckOutcome outcome, long sequence, RelativePath path, RelativePath? conflictPath = null, string? message = null, Message? sendBack = null) =>
        new(new AckMessage(requestId, outcome, sequence, path.Value, conflictPath?.Value, message), sendBack);
}
