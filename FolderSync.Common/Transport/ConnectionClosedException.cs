using FolderSync.Common.Protocol;

namespace FolderSync.Common.Transport;

/// <summary>The transport under a connection ended abnormally; <see cref="Kind"/> sorts why.</summary>
public sealed class ConnectionClosedException(ConnectionCloseKind kind, string message, Exception? innerException = null)
    : FolderSyncException(ErrorCode.IoError, message, innerException)
{
    public ConnectionCloseKind Kind { get; } = kind;
}
