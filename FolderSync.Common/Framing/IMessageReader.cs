using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace FolderSync.Common.Framing;

/// <summary>
/// A pure parser over buffered bytes (BedrockFramework's shape). Three outcomes: true = one message parsed and
/// <c>consumed</c> moved past it; false = incomplete, nothing consumed (consumed = input.Start,
/// examined = input.End); malformed input throws <see cref="Protocol.ProtocolException"/>.
/// </summary>
public interface IMessageReader<TMessage>
{
    bool TryParseMessage(
        in ReadOnlySequence<byte> input,
        ref SequencePosition consumed,
        ref SequencePosition examined,
        [NotNullWhen(true)] out TMessage? message);
}
