using BenchmarkDotNet.Attributes;
using FolderSync.Common.Compression;

namespace FolderSync.Bench.Micro;

/// <summary>Brotli body encoding (quality 1, as sent) and slice-wise decoding of generated text.</summary>
[MemoryDiagnoser]
#pragma warning disable CA1515 // BenchmarkDotNet needs public, unsealed benchmark classes.
public class CompressionBenchmarks
#pragma warning restore CA1515
{
    private byte[] _raw = [];
    private byte[] _wire = [];

    [Params(8 * 1024, 1024 * 1024, 8 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string file = Path.GetTempFileName();
        TextFiles.Write(file, Size, seed: 3);
        _raw = File.ReadAllBytes(file);
        File.Delete(file);
        using var encoded = EncodedBody.EncodeAsync(new MemoryStream(_raw), Size, CancellationToken.None).GetAwaiter().GetResult();
        using var wire = new MemoryStream();
        encoded.AsStream().CopyTo(wire);
        _wire = wire.ToArray();
        Console.WriteLine($"// {Size} bytes of text encode to {_wire.Length} ({100.0 * _wire.Length / Size:F1} %)");
    }

    [Benchmark]
    public async Task<int> Encode()
    {
        using var encoded = await EncodedBody.EncodeAsync(new MemoryStream(_raw), Size, CancellationToken.None);
        return encoded.Length;
    }

    [Benchmark]
    public long Decode()
    {
        using var decoder = new BrotliBodyDecoder(Size);
        long decoded = 0;
        for (int at = 0; at < _wire.Length; at += 64 * 1024)
        {
            decoder.Decode(_wire.AsSpan(at, Math.Min(64 * 1024, _wire.Length - at)), bytes => decoded += bytes.Length);
        }

        decoder.Finish();
        return decoded;
    }
}
