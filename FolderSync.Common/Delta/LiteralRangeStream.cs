namespace FolderSync.Common.Delta;

/// <summary>
/// The body of a FILE_DELTA read at send time: the literal ranges of the new file, concatenated. A file that
/// shrank meanwhile reads as zeros, so the frame stays well formed; the receiver's hash check rejects the result
/// and it asks for the whole file. Owns <paramref name="file"/>.
/// </summary>
public sealed class LiteralRangeStream(Stream file, IEnumerable<(long Offset, long Length)> ranges) : Stream
{
    private readonly Stream _file = file ?? throw new ArgumentNullException(nameof(file));
    private readonly IEnumerator<(long Offset, long Length)> _ranges = (ranges ?? throw new ArgumentNullException(nameof(ranges))).GetEnumerator();
    private long _remainingInRange;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_remainingInRange == 0)
        {
            if (!_ranges.MoveNext())
            {
                return 0;
            }

            (long start, _remainingInRange) = _ranges.Current;
            _file.Position = start;
        }

        int want = (int)Math.Min(buffer.Length, _remainingInRange);
        int read = _file.Read(buffer[..want]);
        if (read == 0)
        {
            buffer[..want].Clear();
            read = want;
        }

        _remainingInRange -= read;
        _position += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ranges.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
