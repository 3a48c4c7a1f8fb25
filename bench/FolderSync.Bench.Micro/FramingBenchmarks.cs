using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;

namespace FolderSync.Bench.Micro;

/// <summary>
/// Header framing round trips: FILE_UPDATE headers (the per-file cost of every transfer) and one INDEX_BATCH
/// of 200 entries (about the 40 KiB a server puts in one first-sync batch; a header may not exceed 64 KiB),
/// written through ProtocolWriter and parsed by FrameHeaderReader.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1515 // BenchmarkDotNet needs public, unsealed benchmark classes.
public class FramingBenchmarks
#pragma warning restore CA1515
{
    private const int BatchEntries = 200;
    private readonly FrameHeaderReader _reader = new(FrameLimits.Default);
    private readonly FrameHeaderWriter _headerWriter = new(FrameLimits.Default);
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private FileUpdateMessage _update = null!;
    private IndexBatchMessage _batch = null!;
    private byte[] _batchFrame = [];

    [GlobalSetup]
    public void Setup()
    {
        string hash = new('a', 64);
        _update = new FileUpdateMessage(7, "docs/chapter-01/section-02/notes.txt", 0, 1_700_000_000_000_000_000, hash, hash, 0, "c1");
        _batch = new IndexBatchMessage([.. Enumerable.Range(0, BatchEntries).Select(i =>
            new IndexEntry($"d{i % 20:D2}/s{i % 10}/f{i:D6}.txt", EntryKind.File, 4096 + i, 1_700_000_000_000_000_000 + i, hash, i, false, "server"))]);
        _buffer.ResetWrittenCount();
        _headerWriter.WriteMessage(_batch, _buffer);
        _batchFrame = _buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a FILE_UPDATE header to a buffer and parses it back.</summary>
    [Benchmark]
    public Message FileUpdateHeaderRoundTrip()
    {
        _buffer.ResetWrittenCount();
        _headerWriter.WriteMessage(_update, _buffer);
        return Parse(new ReadOnlySequence<byte>(_buffer.WrittenMemory));
    }

    /// <summary>The same through a real Pipe and ProtocolWriter (lock, flush), parsed from the pipe's reader.</summary>
    [Benchmark]
    public async Task<Message> FileUpdateThroughPipe()
    {
        var pipe = new Pipe();
        var writer = new ProtocolWriter(pipe.Writer, FrameLimits.Default);
        await writer.WriteAsync(_update, CancellationToken.None);
        var result = await pipe.Reader.ReadAsync();
        var message = Parse(result.Buffer);
        pipe.Reader.AdvanceTo(result.Buffer.End);
        return message;
    }

    [Benchmark]
    public int IndexBatchWrite()
    {
        _buffer.ResetWrittenCount();
        _headerWriter.WriteMessage(_batch, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public Message IndexBatchParse() => Parse(new ReadOnlySequence<byte>(_batchFrame));

    private Message Parse(ReadOnlySequence<byte> frame)
    {
        var consumed = frame.Start;
        var examined = frame.End;
        return _reader.TryParseMessage(frame, ref consumed, ref examined, out var message)
            ? message
            : throw new InvalidOperationException("incomplete frame");
    }
}
