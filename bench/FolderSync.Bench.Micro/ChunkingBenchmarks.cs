using BenchmarkDotNet.Attributes;
using FolderSync.Common.Delta;

namespace FolderSync.Bench.Micro;

/// <summary>
/// Delta transfer's hot paths on a 64 MiB text file (page cache warm): FastCDC chunking with a SHA-256 per chunk
/// and of the whole file, and planning a delta for a one-line edit against the previous chunk list.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1515 // BenchmarkDotNet needs public, unsealed benchmark classes.
public class ChunkingBenchmarks
#pragma warning restore CA1515
{
    private const int Size = 64 * 1024 * 1024;
    private string _dir = "";
    private ChunkList _before = null!;
    private ChunkList _after = null!;

    private string FilePath => Path.Join(_dir, "file.txt");

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("fs-bench-cdc-").FullName;
        TextFiles.Write(FilePath, Size, seed: 1);
        _before = FastCdcChunker.ChunkFile(FilePath);
        using (var file = new FileStream(FilePath, FileMode.Open, FileAccess.Write))
        {
            file.Position = Size / 2;
            file.Write("EDITED by the benchmark"u8);
        }

        _after = FastCdcChunker.ChunkFile(FilePath);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark]
    public int ChunkFile() => FastCdcChunker.ChunkFile(FilePath).Chunks.Count;

    [Benchmark]
    public int PlanOneLineEdit() => DeltaPlanner.Plan(_before, _after).Ops.Count;
}
