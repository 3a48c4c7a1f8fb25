using BenchmarkDotNet.Attributes;
using FolderSync.Common.Scanning;

namespace FolderSync.Bench.Micro;

/// <summary>ContentHasher on a 4 KiB and a 64 MiB text file (page cache warm), with the text probe on.</summary>
[MemoryDiagnoser]
#pragma warning disable CA1515 // BenchmarkDotNet needs public, unsealed benchmark classes.
public class HashingBenchmarks
#pragma warning restore CA1515
{
    private string _dir = "";

    [Params(4 * 1024, 64 * 1024 * 1024)]
    public int Size { get; set; }

    private string FilePath => Path.Join(_dir, "file.txt");

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("fs-bench-hash-").FullName;
        TextFiles.Write(FilePath, Size, seed: 1);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark]
    public HashResult Hash()
    {
        var result = ContentHasher.Hash(FilePath, requireText: true);
        return result.Status == HashStatus.Ok ? result : throw new InvalidOperationException(result.Status.ToString());
    }
}
