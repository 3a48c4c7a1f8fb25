using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Framing;

/// <summary>
/// Writes the length prefix and JSON header of one frame. The header is serialized into a reused scratch
/// buffer first so that a header over the limit throws before a single byte reaches the output.
/// Not thread-safe: one per <see cref="ProtocolWriter"/>.
/// </summary>
public sealed class FrameHeaderWriter(FrameLimits limits) : IMessageWriter<Message>
{
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);

    public FrameLimits Limits { get; } = limits ?? throw new ArgumentNullException(nameof(limits));

    public void WriteMessage(Message message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        CheckBody(message);

        _scratch.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_scratch))
        {
            JsonSerializer.Serialize(json, message, ProtocolJsonContext.Default.Message);
        }

        int length = _scratch.WrittenCount;
        if (length > Limits.MaxHeaderBytes)
        {
            throw new FolderSyncException(
                ErrorCode.FrameTooLarge,
                $"{message.GetType().Name} header of {length} bytes exceeds the limit of {Limits.MaxHeaderBytes}; split it");
        }

        var span = output.GetSpan(FrameHeaderReader.PrefixBytes + length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        _scratch.WrittenSpan.CopyTo(span[FrameHeaderReader.PrefixBytes..]);
        output.Advance(FrameHeaderReader.PrefixBytes + length);
    }

    private void CheckBody(Message message)
    {
        long body = message.BodyLength;
        if (body < 0 || body > Limits.MaxBodyBytes)
        {
            throw new FolderSyncException(ErrorCode.BodyTooLarge, $"body of {body} bytes is outside 0..{Limits.MaxBodyBytes}");
        }
    }
}
