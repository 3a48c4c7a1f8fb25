namespace FolderSync.Common.Delta;

/// <summary>
/// The chunks of one version of a file, in order, and the SHA-256 of the whole version. The sender keeps the
/// list of the version it last sent, to express the next version as copies from it.
/// </summary>
public sealed class ChunkList
{
    /// <summary>First byte of <see cref="Serialize"/>: bump when the chunker's parameters or the layout change.</summary>
    public const byte FormatVersion = 1;

    public ChunkList(string sha256, IReadOnlyList<Chunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        ArgumentNullException.ThrowIfNull(chunks);
        Sha256 = sha256;
        Chunks = chunks;
        Length = chunks.Count == 0 ? 0 : chunks[^1].End;
    }

    /// <summary>Lower-case hex SHA-256 of the whole file.</summary>
    public string Sha256 { get; }

    public IReadOnlyList<Chunk> Chunks { get; }

    public long Length { get; }

    /// <summary>
    /// Compact form for the state store: the format version, the chunk count, then per chunk its length
    /// (LEB128) and its 32 hash bytes. Offsets follow from the lengths. About 35 bytes per 8 KiB of file.
    /// </summary>
    public byte[] Serialize()
    {
        var output = new MemoryStream((Chunks.Count * (ChunkHash.Bytes + 3)) + 8);
        output.WriteByte(FormatVersion);
        WriteVarint(output, (ulong)Chunks.Count);
        Span<byte> hash = stackalloc byte[ChunkHash.Bytes];
        foreach (var chunk in Chunks)
        {
            WriteVarint(output, (ulong)chunk.Length);
            chunk.Hash.Write(hash);
            output.Write(hash);
        }

        return output.ToArray();
    }

    /// <summary>Reads <see cref="Serialize"/>'s output; null when it is of another format version or malformed.</summary>
    public static ChunkList? Deserialize(string sha256, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || data[0] != FormatVersion)
        {
            return null;
        }

        int position = 1;
        if (!TryReadVarint(data, ref position, out ulong count) || count > (ulong)(data.Length / ChunkHash.Bytes))
        {
            return null;
        }

        var chunks = new Chunk[(int)count];
        long offset = 0;
        for (int i = 0; i < chunks.Length; i++)
        {
            if (!TryReadVarint(data, ref position, out ulong length) || length is 0 or > FastCdcChunker.MaxSize
                || data.Length - position < ChunkHash.Bytes)
            {
                return null;
            }

            chunks[i] = new Chunk(offset, (int)length, ChunkHash.Read(data.Slice(position, ChunkHash.Bytes)));
            position += ChunkHash.Bytes;
            offset += (long)length;
        }

        return position == data.Length ? new ChunkList(sha256, chunks) : null;
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && position < data.Length; shift += 7)
        {
            byte b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
