using BenchmarkDotNet.Attributes;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;

namespace FolderSync.Bench.Micro;

/// <summary>
/// Scanner.Scan of 10,000 small text files, warm: every file has a previous record with the same (size, mtime,
/// inode), so nothing is re-hashed: the cost of a restart or a periodic rescan.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1515 // BenchmarkDotNet needs public, unsealed benchmark classes.
public class ScanningBenchmarks
#pragma warning restore CA1515
{
    private string _root = "";
    private Dictionary<RelativePath, FileRecord> _previous = [];

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("fs-bench-scan-").FullName;
        for (int i = 0; i < 10_000; i++)
        {
            TextFiles.Write(Path.Join(_root, $"d{i % 20:D2}", $"s{i / 20 % 10}", $"f{i:D6}.txt"), 1024 + (i * 7919 % 7168), i);
        }

        var first = Scanner.Scan(_root, ScanOptions.Default, _ => null);
        _previous = first.Entries.ToDictionary(
            kv => kv.Key,
            kv => new FileRecord(kv.Key, kv.Value.Kind, kv.Value.Size, kv.Value.MtimeNs, kv.Value.Inode, kv.Value.Sha256, FileRecord.ServerOrigin, 1, false, null, false));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public int ScanWarm()
    {
        var result = Scanner.Scan(_root, ScanOptions.Default, path => _previous.GetValueOrDefault(path));
        return result.HashedCount == 0 ? result.Entries.Count : throw new InvalidOperationException($"re-hashed {result.HashedCount} files");
    }
}
