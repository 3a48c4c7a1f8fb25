using FolderSync.Common.Protocol;

namespace FolderSync.Common.Security;

/// <summary>This side refuses the peer for security reasons (not the pinned server, no proof, plain TCP off loopback): nothing may be exchanged with it.</summary>
public sealed class SecurityRefusalException : FolderSyncException
{
    public SecurityRefusalException(string message)
        : base(ErrorCode.AuthenticationFailed, message)
    {
    }

    public SecurityRefusalException(string message, Exception? innerException)
        : base(ErrorCode.AuthenticationFailed, message, innerException)
    {
    }
}
