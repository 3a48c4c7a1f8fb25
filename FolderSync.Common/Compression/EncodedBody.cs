using System.Buffers;
using System.IO.Compression;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Compression;

/// <summary>
/// A FILE_UPDATE body read whole into a pooled buffer and Brotli-encoded (quality 1: hundreds of MB/s) when that
/// saves at least an eighth; otherwise the raw bytes. Only what was written is ever sent, never the rest of a
/// pooled array. Bodies over <see cref="MaxBytes"/> go raw and streamed: a first sync's large files, whose later
/// edits travel as deltas.
/// </summary>
internal sealed class EncodedBody : IDisposable
{
    public const int MinBytes = 512;
    public const int MaxBytes = 8 << 20;
    private const int Quality = 1;
    private const int Window = 22;

    private byte[]? _buffer;

    private EncodedBody(byte[] buffer, int length, string? encoding)
    {
        _buffer = buffer;
        Length = length;
        Encoding = encoding;
    }

    /// <summary><see cref="BodyEncoding.Brotli"/>, or null for the raw bytes.</summary>
    public string? Encoding { get; }

    public int Length { get; }

    public static bool Fits(long size) => size is >= MinBytes and <= MaxBytes;

    /// <param name="source">Yields exactly <paramref name="size"/> bytes (an <c>ExactLengthStream</c>).</param>
    public static async Task<EncodedBody> EncodeAsync(Stream source, int size, CancellationToken cancellationToken)
    {
        byte[] raw = ArrayPool<byte>.Shared.Rent(size);
        byte[]? packed = null;
        try
        {
            await source.ReadExactlyAsync(raw.AsMemory(0, size), cancellationToken);
            packed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(size));
            if (BrotliEncoder.TryCompress(raw.AsSpan(0, size), packed, out int written, Quality, Window) && written <= size - (size / 8))
            {
                (raw, packed) = (packed, raw);
                return new EncodedBody(raw, written, BodyEncoding.Brotli);
            }

            return new EncodedBody(raw, size, null);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(raw);
            throw;
        }
        finally
        {
            if (packed is not null)
            {
                ArrayPool<byte>.Shared.Return(packed);
            }
        }
    }

    public Stream AsStream() => new MemoryStream(_buffer ?? throw new ObjectDisposedException(nameof(EncodedBody)), 0, Length, writable: false);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
