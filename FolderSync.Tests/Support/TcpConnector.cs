using System.Net.Sockets;
using FolderSync.Common.Framing;

using FolderSync.Common.Transport;

namespace FolderSync.Tests.Support;

/// <summary>The client side: one TCP connection as a <see cref="FrameConnection"/>.</summary>
internal static class TcpConnector
{
    public static async ValueTask<FrameConnection> ConnectAsync(
        string host,
        int port,
        FrameLimits? limits = null,
        TransportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
            return new FrameConnection(new NetworkStream(socket, ownsSocket: true), socket.RemoteEndPoint, limits, options, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
