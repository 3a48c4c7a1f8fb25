namespace FolderSync.Common.Protocol;

/// <summary>A failure reported to the peer: code and a human message only, never a stack trace.</summary>
/// <param name="RequestId">The request that failed, 0 for a connection-level error.</param>
public sealed record ErrorMessage(ErrorCode Code, string Message, string? Path, long RequestId) : Message
{
    public RelativePath? ParsePath() => WirePath.ParseOptional(Path, "path");
}
