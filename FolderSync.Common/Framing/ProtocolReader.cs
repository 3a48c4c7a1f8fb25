using System.Buffers;
using System.IO.Pipelines;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Framing;

/// <summary>
/// Reads frames from a <see cref="PipeReader"/>: one header at a time through <see cref="FrameHeaderReader"/>,
/// then the body as slices. After a message with <see cref="Message.BodyLength"/> &gt; 0 the caller must call
/// <see cref="ReadBodyAsync"/> or <see cref="SkipBodyAsync"/> before the next <see cref="ReadAsync"/>.
/// Single consumer: not safe for concurrent calls.
/// </summary>
public sealed class ProtocolReader(PipeReader input, FrameLimits limits)
{
    private readonly PipeReader _input = input ?? throw new ArgumentNullException(nameof(input));
    private readonly FrameHeaderReader _parser = new(limits);
    private long _bodyLength;
    private long _bodyRemaining;

    /// <summary>Body bytes of the current message not yet handed out.</summary>
    public long BodyRemaining => _bodyRemaining;

    /// <summary>The next message, or null when the peer closed cleanly between frames.</summary>
    /// <exception cref="ProtocolException">A malformed frame, or the peer closed mid-frame.</exception>
    public async ValueTask<Message?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_bodyRemaining > 0)
        {
            throw new InvalidOperationException($"{_bodyRemaining} body bytes of the previous message were not consumed");
        }

        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                if (_parser.TryParseMessage(buffer, ref consumed, ref examined, out var message))
                {
                    _bodyLength = _bodyRemaining = message.BodyLength;
                    return message;
                }

                if (result.IsCompleted)
                {
                    if (buffer.IsEmpty)
                    {
                        return null;
                    }

                    ThrowClosedInHeader(buffer);
                }

                if (result.IsCanceled)
                {
                    throw new OperationCanceledException("the read was cancelled");
                }
            }
            finally
            {
                _input.AdvanceTo(consumed, examined);
            }
        }
    }

    /// <summary>
    /// Hands the current body to <paramref name="onSlice"/> slice by slice, in order. A slice is only valid during
    /// its call (it points into the pipe's buffers). If <paramref name="onSlice"/> throws, that slice counts as
    /// consumed, so the caller may still <see cref="SkipBodyAsync"/> the rest and keep the connection.
    /// </summary>
    public async ValueTask ReadBodyAsync(
        Func<ReadOnlySequence<byte>, CancellationToken, ValueTask> onSlice,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onSlice);
        while (_bodyRemaining > 0)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.IsEmpty && result.IsCompleted)
            {
                _input.AdvanceTo(buffer.Start);
                ProtocolThrow.ClosedMidFrame("body", _bodyLength - _bodyRemaining, _bodyLength);
            }

            var slice = buffer.Length > _bodyRemaining ? buffer.Slice(0, _bodyRemaining) : buffer;
            _bodyRemaining -= slice.Length;
            try
            {
                if (!slice.IsEmpty)
                {
                    await onSlice(slice, cancellationToken);
                }
            }
            finally
            {
                _input.AdvanceTo(slice.End);
            }
        }
    }

    /// <summary>Writes the current body to <paramref name="destination"/>.</summary>
    public ValueTask CopyBodyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return ReadBodyAsync(
            async (slice, ct) =>
            {
                foreach (var segment in slice)
                {
                    await destination.WriteAsync(segment, ct);
                }
            },
            cancellationToken);
    }

    /// <summary>Discards the rest of the current body (a rejected upload, a failed write).</summary>
    public ValueTask SkipBodyAsync(CancellationToken cancellationToken) =>
        ReadBodyAsync(static (_, _) => ValueTask.CompletedTask, cancellationToken);

    private static void ThrowClosedInHeader(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < FrameHeaderReader.PrefixBytes)
        {
            ProtocolThrow.ClosedMidFrame("length prefix", buffer.Length, FrameHeaderReader.PrefixBytes);
        }

        var reader = new SequenceReader<byte>(buffer);
        reader.TryReadBigEndian(out int length);
        ProtocolThrow.ClosedMidFrame("header", buffer.Length - FrameHeaderReader.PrefixBytes, (uint)length);
    }
}
