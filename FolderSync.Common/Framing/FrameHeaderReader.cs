using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Framing;

/// <summary>
/// Parses the length prefix and JSON header of one frame: [u32 big-endian length][UTF-8 JSON].
/// The body (if the header announces one) is left in the buffer for <see cref="ProtocolReader"/>.
/// Stateless, so one instance may serve any number of connections.
/// </summary>
public sealed class FrameHeaderReader(FrameLimits limits) : IMessageReader<Message>
{
    public const int PrefixBytes = 4;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    public FrameLimits Limits { get; } = limits ?? throw new ArgumentNullException(nameof(limits));

    public bool TryParseMessage(
        in ReadOnlySequence<byte> input,
        ref SequencePosition consumed,
        ref SequencePosition examined,
        [NotNullWhen(true)] out Message? message)
    {
        message = null;
        var reader = new SequenceReader<byte>(input);
        if (!reader.TryReadBigEndian(out int prefix))
        {
            return Incomplete(input, ref consumed, ref examined);
        }

        // Checked before waiting for (or allocating) the header: a hostile 0xFFFFFFFF costs nothing.
        uint length = (uint)prefix;
        if (length == 0)
        {
            ProtocolThrow.Violation("frame header is empty");
        }

        if (length > (uint)Limits.MaxHeaderBytes)
        {
            ProtocolThrow.Protocol(ErrorCode.FrameTooLarge, $"frame header of {length} bytes exceeds the limit of {Limits.MaxHeaderBytes}");
        }

        if (reader.Remaining < length)
        {
            return Incomplete(input, ref consumed, ref examined);
        }

        var header = input.Slice(reader.Position, length);
        message = Deserialize(header);
        if (message is FileDeltaMessage delta && delta.OpsError() is { } opsError)
        {
            ProtocolThrow.Violation(opsError);
        }

        CheckBody(message);
        CheckNoNullItems(message);
        consumed = header.End;
        examined = header.End;
        return true;
    }

    private static bool Incomplete(in ReadOnlySequence<byte> input, ref SequencePosition consumed, ref SequencePosition examined)
    {
        consumed = input.Start;
        examined = input.End;
        return false;
    }

    private static Message Deserialize(in ReadOnlySequence<byte> header)
    {
        // Straight from the pipe's segments: no string, no copy of the header.
        var json = new Utf8JsonReader(header, ReaderOptions);
        try
        {
            var message = JsonSerializer.Deserialize(ref json, ProtocolJsonContext.Default.Message)
                ?? ProtocolThrow.Protocol<Message>(ErrorCode.ProtocolViolation, "frame header is JSON null");
            if (json.Read())
            {
                ProtocolThrow.Violation("frame header has data after the JSON object");
            }

            return message;
        }
        catch (JsonException ex)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"invalid frame header: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException or FormatException
            or IndexOutOfRangeException)
        {
            // Unknown or missing "type" lands on the abstract base (NotSupported); invalid UTF-8 in a string
            // surfaces from the transcoder (InvalidOperation/Argument). IndexOutOfRange: the .NET 10 reader's
            // multi-segment check of a literal cut short by the header length (FuzzRegressionTests).
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"invalid frame header: {ex.Message}", ex);
        }
    }

    // Nullable annotations of collection items are not enforced by System.Text.Json.
    private static void CheckNoNullItems(Message message)
    {
        bool hasNull = message switch
        {
            IndexBatchMessage batch => batch.Entries.Contains(null!),
            HelloMessage hello => hello.Capabilities.Contains(null!),
            WelcomeMessage welcome => welcome.Capabilities?.Contains(null!) == true,
            _ => false,
        };
        if (hasNull)
        {
            ProtocolThrow.Violation($"{message.GetType().Name} holds a null item");
        }
    }

    private void CheckBody(Message message)
    {
        if (message is FileUpdateMessage update)
        {
            if ((update.Encoding is null) != (update.WireSize is null))
            {
                ProtocolThrow.Violation("FILE_UPDATE has an encoding without a wireSize or a wireSize without an encoding");
            }

            if (update.Encoding is { } encoding && encoding != BodyEncoding.Brotli)
            {
                ProtocolThrow.Violation($"unknown body encoding '{encoding}'");
            }

            // BodyLength below is the wire size; what an encoded body decodes to must respect the limit too.
            if (update.Encoding is not null && (update.Size < 0 || update.Size > Limits.MaxBodyBytes))
            {
                ProtocolThrow.Protocol(ErrorCode.BodyTooLarge, $"a body decoding to {update.Size} bytes exceeds the limit of {Limits.MaxBodyBytes}");
            }
        }

        long body = message.BodyLength;
        if (body < 0)
        {
            ProtocolThrow.Violation($"negative body size {body}");
        }

        if (body > Limits.MaxBodyBytes)
        {
            ProtocolThrow.Protocol(ErrorCode.BodyTooLarge, $"body of {body} bytes exceeds the limit of {Limits.MaxBodyBytes}");
        }
    }
}
