namespace FolderSync.Common.Protocol;

/// <summary>Maps an exception to the ERROR the peer may see: our own codes and messages, nothing else.</summary>
public static class ErrorMessages
{
    public static ErrorMessage From(Exception error, string? path = null, long requestId = 0)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is FolderSyncException known
            ? known.ToErrorMessage(path, requestId)
            : new ErrorMessage(ErrorCode.Internal, "internal error", path, requestId); // details stay in our log
    }
}
