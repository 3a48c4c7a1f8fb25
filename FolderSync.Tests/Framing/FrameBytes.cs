using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;

namespace FolderSync.Tests.Framing;

/// <summary>Frames as byte arrays: encoded by the real writer, or hand-made for hostile input.</summary>
internal static class FrameBytes
{
    public static byte[] Encode(Message message, byte[]? body = null)
    {
        var output = new ArrayBufferWriter<byte>();
        new FrameHeaderWriter(FrameLimits.Default).WriteMessage(message, output);
        body ??= [];
        return [.. output.WrittenSpan, .. body];
    }

    /// <summary>A frame around an arbitrary header, bypassing every check of the writer.</summary>
    public static byte[] Raw(byte[] header, uint? length = null)
    {
        var frame = new byte[4 + header.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, length ?? (uint)header.Length);
        header.CopyTo(frame, 4);
        return frame;
    }

    public static byte[] Raw(string json) => Raw(Encoding.UTF8.GetBytes(json));
}
