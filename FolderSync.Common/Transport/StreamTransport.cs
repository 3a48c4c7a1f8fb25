using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace FolderSync.Common.Transport;

/// <summary>
/// A <see cref="Stream"/> (a NetworkStream, later an SslStream) as a duplex pipe. Two pumps move bytes and
/// nothing else: stream → <see cref="Input"/> and <see cref="Output"/> → stream. Both pipes pause their producer
/// at <see cref="TransportOptions.PauseWriterThreshold"/>, so a slow reader stops the socket reads, TCP flow
/// control stops the sender's socket writes, and the sender's FlushAsync waits: end-to-end backpressure.
/// Each pipe is completed once, with null for a clean end or a <see cref="ConnectionClosedException"/>.
/// </summary>
public sealed class StreamTransport : IDuplexPipe, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly Socket? _socket;
    private readonly TransportOptions _options;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _receiving;
    private readonly Task _sending;
    private Exception? _closeReason;
    private long _peakOutputBytes;
    private int _disposed;

    /// <param name="socket">When given, a clean end of output half-closes it so the peer reads EOF after the last frame.</param>
    public StreamTransport(Stream stream, TransportOptions? options = null, Socket? socket = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _socket = socket;
        _options = options ?? TransportOptions.Default;
        var pipeOptions = new PipeOptions(
            pauseWriterThreshold: _options.PauseWriterThreshold,
            resumeWriterThreshold: _options.ResumeWriterThreshold,
            useSynchronizationContext: false);
        _input = new Pipe(pipeOptions);
        _output = new Pipe(pipeOptions);
        _receiving = Task.Run(ReceiveAsync);
        _sending = Task.Run(SendAsync);
        Completion = FinishAsync();
    }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    /// <summary>Completes when both pumps have stopped and the stream is disposed.</summary>
    public Task Completion { get; }

    /// <summary>Null while open or after a clean close; otherwise the first reason the connection ended.</summary>
    public Exception? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>The most output bytes ever queued between the application and the socket (a backpressure figure).</summary>
    public long PeakOutputBytes => Interlocked.Read(ref _peakOutputBytes);

    /// <summary>Records <paramref name="reason"/> (if none yet) and tears the connection down without draining.</summary>
    public void Abort(Exception? reason = null)
    {
        SetCloseReason(reason ?? new ConnectionClosedException(ConnectionCloseKind.Aborted, "the connection was aborted"));
        Stop();
    }

    /// <summary>Lets queued output drain (up to the close timeout), then stops both pumps.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _output.Writer.CompleteAsync();
            await _input.Reader.CompleteAsync();
            try
            {
                await _sending.WaitAsync(_options.CloseTimeout);
            }
            catch (TimeoutException)
            {
                SetCloseReason(new ConnectionClosedException(ConnectionCloseKind.Aborted, "queued output did not drain before the close timeout"));
            }

            Stop();
        }

        await Completion;
    }

    internal void SetCloseReason(Exception reason) => Interlocked.CompareExchange(ref _closeReason, reason, null);

    private void Stop()
    {
        if (_abort.IsCancellationRequested)
        {
            return;
        }

        _abort.Cancel();
        _output.Reader.CancelPendingRead();
        _stream.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var writer = _input.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(_options.MinimumReadSize);
                int read = await _stream.ReadAsync(memory, _abort.Token);
                if (read == 0)
                {
                    break;
                }

                writer.Advance(read);
                var flush = await writer.FlushAsync(_abort.Token);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // Our own teardown is not a reason: Abort recorded one already, or the close was clean.
            error = TransportErrors.Classify(ex, _abort.IsCancellationRequested);
            if (!_abort.IsCancellationRequested)
            {
                // A broken receive side means a broken connection: stop sending into it too.
                SetCloseReason(error);
                Stop();
            }
        }

        await writer.CompleteAsync(error);
    }

    private async Task SendAsync()
    {
        var reader = _output.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                // Throws the application's error when it completed the output faulted (a short body).
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                UpdatePeak(buffer.Length);
                if (result.IsCanceled)
                {
                    break;
                }

                try
                {
                    foreach (var segment in buffer)
                    {
                        await _stream.WriteAsync(segment, _abort.Token);
                    }

                    await _stream.FlushAsync(_abort.Token);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }

                if (result.IsCompleted)
                {
                    await ShutdownSendAsync();
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = TransportErrors.Classify(ex, _abort.IsCancellationRequested);

            // Never send what follows a failed write: tear down so the peer sees the frame cut short.
            Abort(error);
        }

        await reader.CompleteAsync(error);
    }

    private async ValueTask ShutdownSendAsync()
    {
        if (_stream is SslStream ssl)
        {
            await ssl.ShutdownAsync();
        }

        _socket?.Shutdown(SocketShutdown.Send);
    }

    private void UpdatePeak(long buffered)
    {
        long peak = Interlocked.Read(ref _peakOutputBytes);
        while (buffered > peak)
        {
            long seen = Interlocked.CompareExchange(ref _peakOutputBytes, buffered, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }
    }

    private async Task FinishAsync()
    {
        await Task.WhenAll(_receiving, _sending);
        await _stream.DisposeAsync();
    }
}
