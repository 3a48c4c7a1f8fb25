namespace FolderSync.Common.Protocol;

/// <summary>Base of every FolderSync failure that maps to a wire <see cref="ErrorCode"/>.</summary>
public class FolderSyncException : Exception
{
    public FolderSyncException(ErrorCode code, string message)
        : base(message) => Code = code;

    public FolderSyncException(ErrorCode code, string message, Exception? innerException)
        : base(message, innerException) => Code = code;

    public ErrorCode Code { get; }

    /// <summary>The ERROR to send the peer: code and message only, never a stack trace.</summary>
    public ErrorMessage ToErrorMessage(string? path = null, long requestId = 0) => new(Code, Message, path, requestId);
}
