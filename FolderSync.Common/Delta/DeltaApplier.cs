using System.Buffers;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Delta;

/// <summary>
/// Rebuilds a new version in order: feed it the body's literal bytes as they arrive (<see cref="WriteLiteral"/>)
/// and it interleaves the copies from the base, then <see cref="Finish"/> emits the copies after the last literal.
/// Everything goes to <paramref name="sink"/> in file order, so the output can be a temp file being hashed.
/// A base shorter than a copy needs, or a body that disagrees with the ops, throws <see cref="InvalidDataException"/>;
/// a base with the right length but other content is caught by the caller's whole-file hash check.
/// </summary>
public sealed class DeltaApplier(Stream baseContent, IReadOnlyList<DeltaOp> ops, Action<ReadOnlySpan<byte>> sink) : IDisposable
{
    private const int CopyBufferBytes = 64 * 1024;

    private readonly Stream _base = baseContent ?? throw new ArgumentNullException(nameof(baseContent));
    private readonly IReadOnlyList<DeltaOp> _ops = ops ?? throw new ArgumentNullException(nameof(ops));
    private readonly Action<ReadOnlySpan<byte>> _sink = sink ?? throw new ArgumentNullException(nameof(sink));
    private byte[]? _buffer;
    private int _index;
    private long _doneInOp;

    /// <summary>Bytes of the new version written to the sink so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Base bytes copied so far.</summary>
    public long BytesCopied { get; private set; }

    /// <summary>The next body bytes, in order.</summary>
    public void WriteLiteral(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            RunCopies();
            if (_index == _ops.Count)
            {
                throw new InvalidDataException("the delta body holds more literal bytes than its ops announce");
            }

            int take = (int)Math.Min(data.Length, _ops[_index].Length - _doneInOp);
            Emit(data[..take]);
            data = data[take..];
            _doneInOp += take;
            if (_doneInOp == _ops[_index].Length)
            {
                _index++;
                _doneInOp = 0;
            }
        }
    }

    /// <summary>Runs the remaining copies; the body must have been fed whole.</summary>
    public void Finish()
    {
        RunCopies();
        if (_index != _ops.Count)
        {
            throw new InvalidDataException("the delta body ended before its last literal");
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private void RunCopies()
    {
        while (_index < _ops.Count && _ops[_index].BaseOffset is { } offset)
        {
            Copy(offset, _ops[_index].Length);
            _index++;
        }
    }

    private void Copy(long offset, long length)
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        _base.Position = offset;
        while (length > 0)
        {
            int read = _base.Read(_buffer, 0, (int)Math.Min(length, _buffer.Length));
            if (read == 0)
            {
                throw new InvalidDataException($"the base ends before offset {offset + length}: it is not the version the delta refers to");
            }

            Emit(_buffer.AsSpan(0, read));
            BytesCopied += read;
            length -= read;
        }
    }

    private void Emit(ReadOnlySpan<byte> data)
    {
        _sink(data);
        BytesWritten += data.Length;
    }
}
