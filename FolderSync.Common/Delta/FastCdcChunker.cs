using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace FolderSync.Common.Delta;

/// <summary>
/// FastCDC (Xia et al., 2016/2020): cut points where a gear hash of the last bytes matches a mask, so a
/// boundary depends only on nearby content and an insertion shifts no boundary beyond the chunk it lands in.
/// Normalized chunking: a harder mask before the average size and an easier one after it narrows the size
/// distribution around 8 KiB. Deterministic; one pooled buffer per call.
/// </summary>
public static class FastCdcChunker
{
    public const int MinSize = 2 * 1024;
    public const int AverageSize = 8 * 1024;
    public const int MaxSize = 64 * 1024;

    // Normalization level 2 around 2^13: 15 bits before the average, 11 after. The high bits of a
    // shift-left gear hash mix the most bytes (bit k covers the last k+1), so the masks use those.
    private const ulong MaskSmall = ((1UL << 15) - 1) << 49;
    private const ulong MaskLarge = ((1UL << 11) - 1) << 53;

    private const int BufferSize = 4 * MaxSize;

    /// <summary>
    /// Length of the first chunk of <paramref name="data"/>. <paramref name="data"/> must hold at least
    /// <see cref="MaxSize"/> bytes unless it is the end of the input.
    /// </summary>
    public static int FindCutPoint(ReadOnlySpan<byte> data)
    {
        if (data.Length <= MinSize)
        {
            return data.Length;
        }

        // The hot loop of delta transfer: no bounds checks (i < end <= data.Length; a byte indexes 256 entries).
        ref ulong gear = ref MemoryMarshal.GetArrayDataReference(GearTable.Values);
        ref byte input = ref MemoryMarshal.GetReference(data);
        int end = Math.Min(data.Length, MaxSize);
        int normal = Math.Min(AverageSize, end);
        ulong hash = 0;
        int i = MinSize;
        for (; i < normal; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref input, i));
            if ((hash & MaskSmall) == 0)
            {
                return i + 1;
            }
        }

        for (; i < end; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref input, i));
            if ((hash & MaskLarge) == 0)
            {
                return i + 1;
            }
        }

        return end;
    }

    /// <summary>Chunks <paramref name="input"/> from its current position to its end, hashing each chunk and the whole.</summary>
    public static ChunkList Chunk(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunks = ChunkCore(input, whole);
        return new ChunkList(Convert.ToHexStringLower(whole.GetHashAndReset()), chunks);
    }

    /// <summary>
    /// Chunks a version whose whole-file SHA-256 the caller already knows (the scanner hashed it, and the file's
    /// stat is unchanged since), saving a second SHA-256 pass over the file. A wrong claim cannot produce a wrong
    /// file: a delta planned from this list fails the receiver's whole-file check and the file is sent whole.
    /// </summary>
    public static ChunkList Chunk(Stream input, string versionSha256)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(versionSha256);
        return new ChunkList(versionSha256, ChunkCore(input, whole: null));
    }

    /// <summary>
    /// Chunks <paramref name="input"/> like <see cref="Chunk(Stream)"/> and hands each chunk's bytes to
    /// <paramref name="sink"/> while they are still in the buffer (history stores them); returns the list.
    /// </summary>
    public static ChunkList Chunk(Stream input, ChunkSink sink)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sink);
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunks = ChunkCore(input, whole, sink);
        return new ChunkList(Convert.ToHexStringLower(whole.GetHashAndReset()), chunks);
    }

    private static List<Chunk> ChunkCore(Stream input, IncrementalHash? whole, ChunkSink? sink = null)
    {
        var chunks = new List<Chunk>();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int start = 0, filled = 0;
            long offset = 0;
            bool eof = false;
            while (true)
            {
                if (!eof && filled - start < MaxSize)
                {
                    // Keep at least MaxSize bytes ahead of the cursor so a cut point never depends on read sizes.
                    Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                    filled -= start;
                    start = 0;
                    while (filled < BufferSize && !eof)
                    {
                        int read = input.Read(buffer, filled, BufferSize - filled);
                        eof = read == 0;
                        filled += read;
                    }
                }

                if (filled == start)
                {
                    break;
                }

                var data = buffer.AsSpan(start, filled - start);
                int length = FindCutPoint(data);
                var chunk = data[..length];
                whole?.AppendData(chunk);
                var entry = new Chunk(offset, length, ChunkHash.Of(chunk));
                sink?.Invoke(chunk, entry);
                chunks.Add(entry);
                offset += length;
                start += length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return chunks;
    }

    /// <summary>Chunks a file on disk.</summary>
    public static ChunkList ChunkFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        return Chunk(stream);
    }
}
