namespace FolderSync.Common.Transfer;

/// <summary>
/// Yields exactly the announced number of bytes: a file that grew is cut, one that shrank is padded with
/// zeros. The frame stays well formed and the receiver's hash check rejects the changed file; the
/// sender's watcher has seen the change and sends it again.
/// </summary>
internal sealed class ExactLengthStream(Stream inner, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int want = (int)Math.Min(buffer.Length, length - _position);
        if (want <= 0)
        {
            return 0;
        }

        int read = inner.Read(buffer[..want]);
        if (read == 0)
        {
            buffer[..want].Clear();
            read = want;
        }

        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int want = (int)Math.Min(buffer.Length, length - _position);
        if (want <= 0)
        {
            return 0;
        }

        int read = await inner.ReadAsync(buffer[..want], cancellationToken);
        if (read == 0)
        {
            buffer.Span[..want].Clear();
            read = want;
        }

        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
