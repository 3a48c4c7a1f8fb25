using System.Net;
using System.Net.Sockets;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;

using FolderSync.Common.Transport;

namespace FolderSync.Tests.Support;

/// <summary>
/// One peer: a <see cref="StreamTransport"/> with the protocol reader and the connection's single writer.
/// A test harness for the transport tests (the daemons use PeerLink). Any <see cref="Stream"/> works, so TLS
/// is an SslStream passed in instead of the NetworkStream.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    private readonly TransportOptions _options;
    private int _disposed;

    public FrameConnection(
        Stream stream,
        EndPoint? remoteEndPoint,
        FrameLimits? limits = null,
        TransportOptions? options = null,
        Socket? socket = null)
    {
        _options = options ?? TransportOptions.Default;
        limits ??= FrameLimits.Default;
        Transport = new StreamTransport(stream, _options, socket);
        Reader = new ProtocolReader(Transport.Input, limits);
        Writer = new ProtocolWriter(Transport.Output, limits);
        RemoteEndPoint = remoteEndPoint;
    }

    public ProtocolReader Reader { get; }

    public ProtocolWriter Writer { get; }

    public EndPoint? RemoteEndPoint { get; }

    public StreamTransport Transport { get; }

    /// <summary>Null while open or after a clean close; otherwise why the connection ended.</summary>
    public Exception? CloseReason => Transport.CloseReason;

    /// <summary>Completes when the connection is fully closed.</summary>
    public Task Closed => Transport.Completion;

    /// <summary>
    /// Ends the connection because of <paramref name="error"/>: sends an ERROR (code and message only) if the writer
    /// is still healthy and the peer drains within the close timeout, records the reason, and closes.
    /// </summary>
    public async ValueTask FailAsync(Exception error, long requestId = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        Transport.SetCloseReason(error);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CloseTimeout);
        try
        {
            var message = error is FolderSyncException known
                ? known.ToErrorMessage(requestId: requestId)
                : new ErrorMessage(ErrorCode.Internal, "internal error", null, requestId); // details stay in the log
            await Writer.WriteAsync(message, timeout.Token);
        }
        catch (Exception ex) when (ex is FolderSyncException or OperationCanceledException or InvalidOperationException)
        {
            // Best effort: the connection is going away regardless.
        }

        await DisposeAsync();
    }

    /// <summary>Ends the output cleanly (queued frames drain up to the close timeout), then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            using var timeout = new CancellationTokenSource(_options.CloseTimeout);
            try
            {
                await Writer.CompleteAsync(cancellationToken: timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // A write is stuck behind backpressure; the transport's abort below unblocks it.
            }

            await Transport.DisposeAsync();
        }

        await Transport.Completion;
    }
}
