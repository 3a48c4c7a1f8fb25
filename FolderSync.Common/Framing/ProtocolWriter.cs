using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Framing;

/// <summary>
/// The one writer of a connection. Concurrent callers are serialized by a semaphore, so a frame (header and
/// body) is always written whole before the next one starts. Flushes apply backpressure: when the transport's
/// pipe holds more than its pause threshold, <see cref="PipeWriter.FlushAsync"/> waits for the socket to drain.
/// A body that fails midway faults the writer and the connection: no later frame may follow a short one.
/// </summary>
[SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "SemaphoreSlim needs disposal only when its wait handle is used; disposing it could fault a writer that is still releasing it during shutdown.")]
public sealed class ProtocolWriter(PipeWriter output, FrameLimits limits)
{
    /// <summary>Body bytes copied per read from the source stream, and between flushes.</summary>
    public const int BodyChunkBytes = 64 * 1024;

    private readonly PipeWriter _output = output ?? throw new ArgumentNullException(nameof(output));
    private readonly FrameHeaderWriter _headerWriter = new(limits);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Exception? _fault;

    /// <summary>Writes a message without a body.</summary>
    public async ValueTask WriteAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.BodyLength != 0)
        {
            throw new ArgumentException($"{message.GetType().Name} announces a {message.BodyLength}-byte body; pass the body stream", nameof(message));
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfFaulted();
            _headerWriter.WriteMessage(message, _output);
            await FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Writes a message and exactly <see cref="Message.BodyLength"/> bytes read from <paramref name="body"/>, in chunks
    /// read straight into the pipe's memory. A stream that ends early throws <see cref="FolderSyncException"/>
    /// (<see cref="ErrorCode.IoError"/>) and faults the connection.
    /// </summary>
    public async ValueTask WriteAsync(Message message, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(body);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfFaulted();
            _headerWriter.WriteMessage(message, _output);
            try
            {
                await CopyBodyAsync(message.BodyLength, body, cancellationToken);
            }
            catch (Exception ex)
            {
                Fault(ex);
                throw;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Ends the output: cleanly (null) or with the reason the connection failed.</summary>
    /// <remarks>Waits for a write in progress; cancel <paramref name="cancellationToken"/> to stop waiting.</remarks>
    public async ValueTask CompleteAsync(Exception? error = null, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _fault ??= error ?? new ObjectDisposedException(nameof(ProtocolWriter), "the connection's output is complete");
            await _output.CompleteAsync(error);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async ValueTask CopyBodyAsync(long length, Stream body, CancellationToken cancellationToken)
    {
        long remaining = length;
        long unflushed = 0;
        while (remaining > 0)
        {
            // Read straight into the pipe's memory and advance by what was read, so stale pooled bytes never go out.
            var memory = _output.GetMemory(BodyChunkBytes);
            if (memory.Length > remaining)
            {
                memory = memory[..(int)remaining];
            }

            int read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                throw new FolderSyncException(ErrorCode.IoError, $"body stream ended after {length - remaining} of {length} announced bytes");
            }

            _output.Advance(read);
            remaining -= read;
            unflushed += read;
            if (unflushed >= BodyChunkBytes || remaining == 0)
            {
                await FlushAsync(cancellationToken);
                unflushed = 0;
            }
        }

        if (length == 0)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var result = await _output.FlushAsync(cancellationToken);
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("the flush was cancelled");
        }

        if (result.IsCompleted)
        {
            throw new FolderSyncException(ErrorCode.IoError, "the connection is closed");
        }
    }

    private void Fault(Exception error)
    {
        _fault = error;

        // Completing with an error makes the transport abort instead of sending what is buffered.
        _output.Complete(new FolderSyncException(ErrorCode.IoError, "the connection was faulted by a failed body write", error));
    }

    private void ThrowIfFaulted()
    {
        if (_fault is not null)
        {
            throw new FolderSyncException(ErrorCode.IoError, "the connection's writer is faulted or complete", _fault);
        }
    }
}
