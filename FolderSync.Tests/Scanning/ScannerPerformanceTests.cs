using System.Diagnostics;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Scanning;

public sealed class ScannerPerformanceTests
{
    [Test]
    public void A_warm_scan_of_10000_files_reads_no_content()
    {
        using var dir = new StoreScanTempDirectory();
        using var stateDir = new StoreScanTempDirectory();
        string line = new('x', 1000);
        var setup = Stopwatch.StartNew();
        for (int i = 0; i < 10_000; i++)
        {
            dir.Write($"d{i % 100:D2}/f{i:D5}.txt", $"{i}\n{line}\n");
        }

        TestContext.Out.WriteLine($"10,000 files written in {setup.Elapsed.TotalMilliseconds:F0} ms");
        var clock = Stopwatch.StartNew();
        var cold = Scanner.Scan(dir.Path, ScanOptions.Default, _ => null);
        var coldMs = clock.Elapsed.TotalMilliseconds;

        // Round-trip through the state store, as the daemons do: GetAll once, then a dictionary lookup.
        using var store = StateStore.Open(stateDir.Combine("folder.db"));
        clock.Restart();
        using (var batch = store.BeginBatch())
        {
            foreach (var (path, entry) in cold.Entries)
            {
                batch.Upsert(new FileRecord(path, entry.Kind, entry.Size, entry.MtimeNs, entry.Inode, entry.Sha256, FileRecord.ServerOrigin, 1, false, null, false));
            }

            batch.Commit();
        }

        var storeMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var records = store.GetAll().ToDictionary(r => r.Path);
        var warm = Scanner.Scan(dir.Path, ScanOptions.Default, path => records.GetValueOrDefault(path));
        var warmMs = clock.Elapsed.TotalMilliseconds;

        TestContext.Out.WriteLine($"scan of 10,000 files (+100 dirs): cold {coldMs:F0} ms ({cold.HashedCount} hashed), " +
            $"store batch {storeMs:F0} ms, warm incl. GetAll {warmMs:F0} ms ({warm.HashedCount} hashed)");
        Assert.That(cold.HashedCount, Is.EqualTo(10_000));
        Assert.That(cold.Entries, Has.Count.EqualTo(10_100));
        Assert.That(warm.HashedCount, Is.Zero);
        // (Is.EquivalentTo is quadratic: 10,000 entries take it most of a minute.)
        Assert.That(warm.Entries.All(e => cold.Entries.TryGetValue(e.Key, out var c) && c == e.Value), Is.True);
        Assert.That(store.Get(RelativePath.Parse("d07/f00007.txt"))!.Sha256, Is.EqualTo(cold.Entries[RelativePath.Parse("d07/f00007.txt")].Sha256));
    }
}
