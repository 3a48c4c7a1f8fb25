using System.Buffers;

namespace FolderSync.Common.Framing;

/// <summary>Writes one message's bytes to <c>output</c>; knows nothing of pipes or sockets.</summary>
public interface IMessageWriter<in TMessage>
{
    void WriteMessage(TMessage message, IBufferWriter<byte> output);
}
