using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.State;

/// <summary>The counts <c>status</c> reads (schema 004's triggers) against the rows themselves, after every kind of write.</summary>
public sealed class StateCountsTests
{
    private string _root = null!;
    private StateStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _root = StoreScanTempDirectory.CreatePath();
        _store = StateStore.Open(Path.Combine(_root, "state/folder.db"));
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        StoreScanTempDirectory.DeletePath(_root);
    }

    [Test]
    public void Counts_follow_inserts_updates_tombstones_and_removals()
    {
        var random = new Random(15);
        var paths = Enumerable.Range(0, 60).Select(i => i % 10 == 0 ? $"d/n{i}.sync-conflict-20260101-000000-c1.txt" : $"d/f{i}.txt").ToArray();
        for (int round = 0; round < 8; round++)
        {
            using (var batch = _store.BeginBatch())
            {
                foreach (string path in paths.Where(_ => random.Next(3) > 0))
                {
                    string sha = random.Next(2) == 0 ? "aa" : "bb";
                    batch.Upsert(new FileRecord(
                        RelativePath.Parse(path), random.Next(5) == 0 ? EntryKind.Directory : EntryKind.File, random.Next(1, 1000), 1, 2, sha, "c1", round,
                        Deleted: random.Next(4) == 0, BaseSha256: random.Next(3) switch { 0 => null, 1 => "aa", _ => "bb" }, LocalOnly: random.Next(6) == 0));
                }

                batch.Delete(RelativePath.Parse(paths[random.Next(paths.Length)]));
                batch.Commit();
            }

            AssertCountsMatchRows($"round {round}");
        }

        using (var prune = _store.BeginBatch())
        {
            prune.PruneTombstones(olderThanSequence: 7);
            prune.Commit();
        }

        AssertCountsMatchRows("after pruning tombstones");

        using (var dropped = _store.BeginBatch())
        {
            dropped.Upsert(StateStoreTests.Record("never.txt"));
            dropped.DeleteUnder(RelativePath.Parse("d"));
        }

        AssertCountsMatchRows("a batch disposed without commit leaves the counts as they were");

        using (var batch = _store.BeginBatch())
        {
            Assert.That(batch.DeleteUnder(RelativePath.Parse("d")), Is.GreaterThan(0));
            batch.Commit();
        }

        AssertCountsMatchRows("after removing a subtree");
        Assert.That((_store.LiveCount, _store.FileCount, _store.LiveBytes, _store.DirtyCount), Is.EqualTo((0L, 0L, 0L, 0L)));
    }

    private void AssertCountsMatchRows(string when)
    {
        var rows = _store.GetAll();
        var live = rows.Where(r => !r.Deleted).ToList();
        var localOnly = live.Where(r => r.LocalOnly).ToList();
        long dirty = rows.Count(r => !r.LocalOnly && (r.Deleted ? r.BaseSha256 is not null : r.BaseSha256 is null || r.Sha256 != r.BaseSha256));
        Assert.Multiple(() =>
        {
            Assert.That(_store.LiveCount, Is.EqualTo(live.Count), when);
            Assert.That(_store.FileCount, Is.EqualTo(live.Count(r => r.Kind == EntryKind.File)), when);
            Assert.That(_store.LiveBytes, Is.EqualTo(live.Sum(r => r.Size)), when);
            Assert.That(_store.DirtyCount, Is.EqualTo(dirty), when);
            Assert.That(_store.GetDirty(), Has.Count.EqualTo(dirty), when);
            Assert.That(_store.LocalOnly(5).Count, Is.EqualTo(localOnly.Count), when);
            Assert.That(_store.LocalOnly(5).First.Select(r => r.Path.Value), Is.EqualTo(localOnly.Select(r => r.Path.Value).Order(StringComparer.Ordinal).Take(5)), when);
            Assert.That(_store.ConflictCopyCandidates().Select(r => r.Path.Value), Is.EqualTo(live.Where(r => r.Path.Value.Contains(".sync-conflict-", StringComparison.Ordinal)).Select(r => r.Path.Value).Order(StringComparer.Ordinal)), when);
        });
    }
}
