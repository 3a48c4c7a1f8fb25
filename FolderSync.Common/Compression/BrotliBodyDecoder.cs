using System.Buffers;
using System.IO.Compression;

namespace FolderSync.Common.Compression;

/// <summary>Receives decoded bytes; the span is valid only during the call.</summary>
internal delegate void DecodedBytes(ReadOnlySpan<byte> bytes);

/// <summary>
/// Decodes a Brotli body slice by slice as it arrives, never past the size the header announced (a small body
/// cannot expand into a disk-filling one), and refuses one that ends early, runs on, or is not Brotli.
/// </summary>
internal sealed class BrotliBodyDecoder(long expectedSize) : IDisposable
{
    private BrotliDecoder _decoder;
    private byte[]? _output = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private long _decoded;
    private bool _ended;

    public void Decode(ReadOnlySpan<byte> input, DecodedBytes sink)
    {
        byte[] output = _output ?? throw new ObjectDisposedException(nameof(BrotliBodyDecoder));
        OperationStatus status;
        do
        {
            if (_ended)
            {
                if (!input.IsEmpty)
                {
                    throw new InvalidDataException("bytes after the end of the compressed body");
                }

                return;
            }

            status = _decoder.Decompress(input, output, out int consumed, out int written);
            input = input[consumed..];
            if (written > 0)
            {
                _decoded += written;
                if (_decoded > expectedSize)
                {
                    throw new InvalidDataException($"the compressed body decodes to more than the announced {expectedSize} bytes");
                }

                sink(output.AsSpan(0, written));
            }

            switch (status)
            {
                case OperationStatus.Done:
                    _ended = true;
                    break;
                case OperationStatus.InvalidData:
                    throw new InvalidDataException("the compressed body is not valid Brotli");
                case OperationStatus.NeedMoreData when consumed == 0 && written == 0 && !input.IsEmpty:
                    throw new InvalidDataException("the Brotli decoder made no progress");
            }
        }
        while (!input.IsEmpty || status == OperationStatus.DestinationTooSmall);
    }

    /// <summary>Throws unless the stream ended exactly at the announced size.</summary>
    public void Finish()
    {
        if (!_ended || _decoded != expectedSize)
        {
            throw new InvalidDataException($"the compressed body decoded to {_decoded} of the announced {expectedSize} bytes{(_ended ? string.Empty : " and did not end")}");
        }
    }

    public void Dispose()
    {
        _decoder.Dispose();
        if (Interlocked.Exchange(ref _output, null) is { } output)
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }
}
