using System.Net.Sockets;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Transport;

/// <summary>Sorts what a stream throws into reset / expected abort / unexpected, as Kestrel's socket loop does.</summary>
internal static class TransportErrors
{
    public static Exception Classify(Exception error, bool aborting)
    {
        // Ours already (a faulted writer's reason travels through the pipe unchanged).
        if (error is FolderSyncException)
        {
            return error;
        }

        if (aborting || error is OperationCanceledException or ObjectDisposedException)
        {
            return new ConnectionClosedException(ConnectionCloseKind.Aborted, "the connection was aborted", error);
        }

        var socketError = (error as SocketException ?? error.InnerException as SocketException)?.SocketErrorCode;
        if (socketError is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            return new ConnectionClosedException(ConnectionCloseKind.Reset, "the connection was reset by the peer", error);
        }

        return new ConnectionClosedException(ConnectionCloseKind.Failed, $"the transport failed: {error.Message}", error);
    }
}
