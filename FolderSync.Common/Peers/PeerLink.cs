using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FolderSync.Common.Compression;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Common.Transfer;
using FolderSync.Common.Transport;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Peers;

/// <summary>
/// One connection seen by the engines: a reader for the caller's read loop and a queue drained by the
/// connection's only writer, so messages leave in the order they were queued, whoever queues them.
/// The stream is a NetworkStream or an SslStream over one. The queue is capped by the estimated memory of what it
/// holds: a peer that stops reading is disconnected (it resumes later) instead of growing our memory without bound.
/// </summary>
public sealed class PeerLink : IAsyncDisposable
{
    private readonly StreamTransport _transport;
    private readonly ProtocolWriter _writer;
    private readonly Channel<Outbound> _queue = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly ILogger _logger;
    private readonly Task _writeLoop;
    private readonly long _maxQueuedBytes;
    private readonly TrafficCounter? _traffic;
    private long _queuedBytes;
    private int _disposed;

    /// <param name="socket">The socket under <paramref name="stream"/>: a clean close half-closes it after the last frame.</param>
    /// <param name="maxQueuedBytes">Cap on <see cref="QueuedBytes"/>; beyond it the link closes.</param>
    /// <param name="traffic">Counts what is queued here; the caller counts what it reads.</param>
    public PeerLink(Stream stream, Socket? socket, FrameLimits limits, ILogger logger, long maxQueuedBytes = DefaultMaxQueuedBytes, TrafficCounter? traffic = null)
    {
        _logger = logger;
        _maxQueuedBytes = maxQueuedBytes;
        _traffic = traffic;
        RemoteEndPoint = socket?.RemoteEndPoint;
        _transport = new StreamTransport(stream, socket: socket);
        Reader = new ProtocolReader(_transport.Input, limits);
        _writer = new ProtocolWriter(_transport.Output, limits);
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    public const long DefaultMaxQueuedBytes = 64L * 1024 * 1024;

    /// <summary>What a queued message costs besides its fields: the record, the queue node, the closure.</summary>
    internal const int MessageOverheadBytes = 256;

    public ProtocolReader Reader { get; }

    /// <summary>Estimated memory of the messages queued and not yet written (bodies stay on disk until then).</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Brotli-encode FILE_UPDATE bodies where it pays: set after the handshake, when the peer decodes it.</summary>
    public bool EncodeBodies { get; set; }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Ticks of the last message read, for the dead-peer check.</summary>
    public long LastReceivedTicks { get; private set; } = Environment.TickCount64;

    public void NoteReceived() => LastReceivedTicks = Environment.TickCount64;

    /// <summary>Queues a message; false once the connection is closing, or when the peer is too far behind (the link closes).</summary>
    public bool Send(Message message, Func<Stream>? openBody = null)
    {
        long cost = Estimate(message);
        if (Interlocked.Add(ref _queuedBytes, cost) > _maxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -cost);
            if (!_closing.IsCancellationRequested)
            {
                _logger.LogWarning("{Peer} is not reading: over {Cap} bytes of messages queued to it; disconnecting", RemoteEndPoint, _maxQueuedBytes);
                Close(new IOException($"the peer fell more than {_maxQueuedBytes} bytes behind"));
            }

            return false;
        }

        if (Enqueue(message, openBody, cost))
        {
            return true;
        }

        Interlocked.Add(ref _queuedBytes, -cost);
        return false;
    }

    /// <summary>
    /// Queues a part of the index, outside the cap: the index is as large as the folder (about 300 bytes queued per
    /// entry, so 64 MiB is ~230,000 files) and is queued at once, in one step of the folder loop, to keep it consistent
    /// with the live pushes that follow it. The cap is for a peer that stops reading those pushes.
    /// </summary>
    public bool SendIndex(Message message) => Enqueue(message, null, cost: 0);

    private bool Enqueue(Message message, Func<Stream>? openBody, long cost)
    {
        if (!_queue.Writer.TryWrite(new Outbound(message, openBody, cost)))
        {
            return false;
        }

        _traffic?.NoteSent(message);
        return true;
    }

    /// <summary>
    /// A FILE_UPDATE body is read from disk only when written, so it does not count; an index batch holds its entries.
    /// Counting announced body bytes instead would drop any client that asks for a large initial sync at once.
    /// </summary>
    internal static long Estimate(Message message) => MessageOverheadBytes + message switch
    {
        IndexBatchMessage batch => batch.Entries.Sum(e => 96L + (2L * (e.Path.Length + e.Sha256.Length + e.Origin.Length))),
        FileUpdateMessage update => 2L * update.Path.Length,
        ErrorMessage error => 2L * (error.Message.Length + (error.Path?.Length ?? 0)),
        _ => 0,
    };

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
                Interlocked.Add(ref _queuedBytes, -item.Cost);
                if (item.OpenBody is null)
                {
                    await _writer.WriteAsync(item.Message, _closing.Token);
                    continue;
                }

                Stream? body = TryOpen(item);
                if (body is null)
                {
                    // The file vanished between queueing and sending: say so instead of sending a frame we cannot fill.
                    var path = item.Message switch { FileUpdateMessage update => update.Path, FileDeltaMessage delta => delta.Path, _ => null };
                    await _writer.WriteAsync(new ErrorMessage(ErrorCode.NotFound, "file vanished before it could be sent", path, 0), _closing.Token);
                    continue;
                }

                await using (body)
                {
                    var exact = new ExactLengthStream(body, item.Message.BodyLength);
                    if (EncodeBodies && item.Message is FileUpdateMessage update && EncodedBody.Fits(update.Size))
                    {
                        using var encoded = await EncodedBody.EncodeAsync(exact, (int)update.Size, _closing.Token);
                        var message = encoded.Encoding is null ? update : update with { Encoding = encoded.Encoding, WireSize = encoded.Length };
                        await _writer.WriteAsync(message, encoded.AsStream(), _closing.Token);
                    }
                    else
                    {
                        await _writer.WriteAsync(item.Message, exact, _closing.Token);
                    }
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
