using System.Net;
using System.Net.Sockets;
using FolderSync.Common.Framing;

using FolderSync.Common.Transport;

namespace FolderSync.Tests.Support;

/// <summary>The server side: a listening socket whose accepted connections come out as <see cref="FrameConnection"/>s.</summary>
internal sealed class TcpFrameListener : IDisposable
{
    private readonly Socket _socket;
    private readonly FrameLimits? _limits;
    private readonly TransportOptions? _options;

    private TcpFrameListener(Socket socket, FrameLimits? limits, TransportOptions? options)
    {
        _socket = socket;
        _limits = limits;
        _options = options;
    }

    /// <summary>The bound address; port 0 at bind time becomes the real port here.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static TcpFrameListener Start(IPEndPoint endPoint, FrameLimits? limits = null, TransportOptions? options = null, int backlog = 128)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(backlog);
            return new TcpFrameListener(socket, limits, options);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The next connection. Throws <see cref="OperationCanceledException"/> on cancellation or after Dispose.</summary>
    public async ValueTask<FrameConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = await _socket.AcceptAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted })
        {
            throw new OperationCanceledException("the listener was stopped", ex, cancellationToken);
        }

        socket.NoDelay = true;
        return new FrameConnection(new NetworkStream(socket, ownsSocket: true), socket.RemoteEndPoint, _limits, _options, socket);
    }

    public void Dispose() => _socket.Dispose();
}
