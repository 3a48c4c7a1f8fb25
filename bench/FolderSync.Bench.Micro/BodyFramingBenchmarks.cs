using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;

namespace FolderSync.Bench.Micro;

/// <summary>
/// A FILE_UPDATE with its raw body through a real Pipe: ProtocolWriter copies the body from a stream into the pipe's
/// memory while ProtocolReader reads the header and hands the body out slice by slice (to Stream.Null, so only
/// framing is measured), with the pipe's default back-pressure between them.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1515 // BenchmarkDotNet needs public, unsealed benchmark classes.
public class BodyFramingBenchmarks
#pragma warning restore CA1515
{
    private byte[] _body = [];
    private FileUpdateMessage _update = null!;

    [Params(4 * 1024, 1024 * 1024)]
    public int BodyBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = new byte[BodyBytes];
        new Random(3).NextBytes(_body);
        _update = new FileUpdateMessage(7, "docs/chapter-01/section-02/notes.txt", BodyBytes, 1_700_000_000_000_000_000, new string('a', 64), null, 0, "c1");
    }

    [Benchmark]
    public async Task<long> FileUpdateWithBody()
    {
        var pipe = new Pipe();
        var writer = new ProtocolWriter(pipe.Writer, FrameLimits.Default);
        var reader = new ProtocolReader(pipe.Reader, FrameLimits.Default);
        using var body = new MemoryStream(_body, writable: false);
        var write = writer.WriteAsync(_update, body, CancellationToken.None).AsTask();
        var message = await reader.ReadAsync(CancellationToken.None) ?? throw new InvalidOperationException("no message");
        await reader.CopyBodyToAsync(Stream.Null, CancellationToken.None);
        await write;
        return message.BodyLength;
    }
}
