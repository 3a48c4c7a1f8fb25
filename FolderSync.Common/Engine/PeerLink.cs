using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Common.Transport;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Engine;

/// <summary>
/// One connection seen by the engines: a reader for the caller's read loop and a queue drained by the
/// connection's only writer, so messages leave in the order they were queued, whoever queues them.
/// </summary>
public sealed class PeerLink : IAsyncDisposable
{
    private readonly StreamTransport _transport;
    private readonly ProtocolWriter _writer;
    private readonly Channel<Outbound> _queue = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly ILogger _logger;
    private readonly Task _writeLoop;
    private int _disposed;

    public PeerLink(Socket socket, FrameLimits limits, ILogger logger)
    {
        socket.NoDelay = true;
        _logger = logger;
        RemoteEndPoint = socket.RemoteEndPoint;
        _transport = new StreamTransport(new NetworkStream(socket, ownsSocket: true), socket: socket);
        Reader = new ProtocolReader(_transport.Input, limits);
        _writer = new ProtocolWriter(_transport.Output, limits);
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    public ProtocolReader Reader { get; }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Ticks of the last message read, for the dead-peer check.</summary>
    public long LastReceivedTicks { get; private set; } = Environment.TickCount64;

    public void NoteReceived() => LastReceivedTicks = Environment.TickCount64;

    /// <summary>Queues a message; false once the connection is closing.</summary>
    public bool Send(Message message, Func<Stream>? openBody = null) => _queue.Writer.TryWrite(new Outbound(message, openBody));

    /// <summary>Sends at once and waits until it is handed to the socket (handshake replies before closing).</summary>
    public async Task SendAndFlushAsync(Message message, CancellationToken cancellationToken)
    {
        Send(message);
        _queue.Writer.TryComplete();
        await _writeLoop.WaitAsync(cancellationToken);
    }

    public void Close(Exception? reason = null)
    {
        if (!_queue.Writer.TryComplete())
        {
            return;
        }

        _closing.Cancel();
        _transport.Abort(reason);
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(_closing.Token))
            {
                if (item.OpenBody is null)
                {
                    await _writer.WriteAsync(item.Message, _closing.Token);
                    continue;
                }

                Stream? body = TryOpen(item);
                if (body is null)
                {
                    // The file vanished between queueing and sending: say so instead of sending a frame we cannot fill.
                    var path = (item.Message as FileUpdateMessage)?.Path;
                    await _writer.WriteAsync(new ErrorMessage(ErrorCode.NotFound, "file vanished before it could be sent", path, 0), _closing.Token);
                    continue;
                }

                await using (body)
                {
                    await _writer.WriteAsync(item.Message, new ExactLengthStream(body, item.Message.BodyLength), _closing.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionClosedException or IOException or SocketException or InvalidOperationException)
        {
            _logger.LogDebug(ex, "Writer for {Peer} stopped", RemoteEndPoint);
            _transport.Abort(ex);
        }
    }

    private Stream? TryOpen(Outbound item)
    {
        try
        {
            return item.OpenBody!();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug(ex, "Could not open the body of {Message}", item.Message);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Close();
        try
        {
            await _writeLoop;
        }
        catch (OperationCanceledException)
        {
        }

        await _transport.DisposeAsync();
        _closing.Dispose();
    }
}
