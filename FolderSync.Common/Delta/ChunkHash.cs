using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FolderSync.Common.Delta;

/// <summary>The SHA-256 of one chunk as four words: a cheap dictionary key with value equality.</summary>
public readonly record struct ChunkHash(ulong A, ulong B, ulong C, ulong D)
{
    public const int Bytes = 32;

    public static ChunkHash Of(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Bytes];
        SHA256.HashData(data, digest);
        return Read(digest);
    }

    public static ChunkHash Read(ReadOnlySpan<byte> digest) => new(
        BinaryPrimitives.ReadUInt64BigEndian(digest),
        BinaryPrimitives.ReadUInt64BigEndian(digest[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(digest[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(digest[24..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, A);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], D);
    }

    public override string ToString()
    {
        Span<byte> digest = stackalloc byte[Bytes];
        Write(digest);
        return Convert.ToHexStringLower(digest);
    }
}
