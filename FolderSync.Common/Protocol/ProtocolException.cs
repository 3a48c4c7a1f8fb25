namespace FolderSync.Common.Protocol;

/// <summary>The peer sent something malformed: the connection that carried it must end (after an ERROR where possible).</summary>
public sealed class ProtocolException : FolderSyncException
{
    public ProtocolException(string message)
        : base(ErrorCode.ProtocolViolation, message)
    {
    }

    public ProtocolException(ErrorCode code, string message)
        : base(code, message)
    {
    }

    public ProtocolException(ErrorCode code, string message, Exception? innerException)
        : base(code, message, innerException)
    {
    }
}
