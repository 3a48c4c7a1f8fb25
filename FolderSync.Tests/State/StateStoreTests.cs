using System.Diagnostics;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.State;

public sealed class StateStoreTests
{
    private string _root = null!;
    private string _dbPath = null!;

    [SetUp]
    public void SetUp()
    {
        _root = StoreScanTempDirectory.CreatePath();
        _dbPath = Path.Combine(_root, "state/folder.db");
    }

    [TearDown]
    public void TearDown() => StoreScanTempDirectory.DeletePath(_root);

    internal static FileRecord Record(string path, long sequence = 1, bool deleted = false, string sha = "ab", string? baseSha = null) =>
        new(RelativePath.Parse(path), EntryKind.File, 12, 1_700_000_000_123_456_789, 42, sha, FileRecord.ServerOrigin, sequence, deleted, baseSha, LocalOnly: false);

    private static void Write(StateStore store, params FileRecord[] records)
    {
        using var batch = store.BeginBatch();
        foreach (var record in records)
        {
            batch.Upsert(record);
        }

        batch.Commit();
    }

    [Test]
    public void Round_trip_keeps_every_column()
    {
        var record = new FileRecord(RelativePath.Parse("dir/ünï code.txt"), EntryKind.File, 123, 1_700_000_000_987_654_321, long.MaxValue,
            "0123abcd", "client-7", 99, Deleted: false, BaseSha256: "feed", LocalOnly: true);
        var directory = new FileRecord(RelativePath.Parse("dir"), EntryKind.Directory, 0, 5, -3, string.Empty, "server", 98, false, null, false);
        using (var store = StateStore.Open(_dbPath))
        {
            Write(store, record, directory);
        }

        using var reopened = StateStore.Open(_dbPath);
        Assert.That(reopened.Get(record.Path), Is.EqualTo(record));
        Assert.That(reopened.Get(directory.Path), Is.EqualTo(directory));
        Assert.That(reopened.Get(RelativePath.Parse("missing")), Is.Null);
        Assert.That(reopened.Count, Is.EqualTo(2));
        Assert.That(reopened.GetAll().Select(r => r.Path.Value), Is.EqualTo(new[] { "dir", "dir/ünï code.txt" }));
        Assert.That(record.ToEntryState(), Is.EqualTo(EntryState.File("0123abcd", 123, 1_700_000_000_987_654_321)));
        Assert.That((record with { Deleted = true }).ToEntryState(), Is.Null);
    }

    [Test]
    public void Upsert_replaces_and_delete_removes()
    {
        using var store = StateStore.Open(_dbPath);
        Write(store, Record("a", sha: "11"));
        Write(store, Record("a", sha: "22"));
        Assert.That(store.Get(RelativePath.Parse("a"))!.Sha256, Is.EqualTo("22"));

        using (var batch = store.BeginBatch())
        {
            batch.Delete(RelativePath.Parse("a"));
            batch.Commit();
        }

        Assert.That(store.Count, Is.Zero);
    }

    [Test]
    public void A_batch_of_10000_rows_is_one_transaction()
    {
        using var store = StateStore.Open(_dbPath);
        var records = Enumerable.Range(0, 10_000).Select(i => Record($"d{i % 100}/file{i}.txt", sequence: i + 1)).ToList();
        var clock = Stopwatch.StartNew();
        using (var batch = store.BeginBatch())
        {
            foreach (var record in records)
            {
                batch.Upsert(record);
            }

            // Nothing is visible to readers before the commit: it is one transaction.
            Assert.That(store.Count, Is.Zero);
            batch.Commit();
        }

        clock.Stop();
        TestContext.Out.WriteLine($"10,000-row batch: {clock.Elapsed.TotalMilliseconds:F1} ms");
        Assert.That(store.Count, Is.EqualTo(10_000));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void A_disposed_uncommitted_batch_rolls_back()
    {
        using var store = StateStore.Open(_dbPath);
        using (var batch = store.BeginBatch())
        {
            batch.Upsert(Record("a"));
            Assert.That(batch.Get(RelativePath.Parse("a")), Is.Not.Null, "the batch reads its own writes");
        }

        Assert.That(store.Count, Is.Zero);
        Write(store, Record("b"));
        Assert.That(store.Count, Is.EqualTo(1), "the write gate was released");
    }

    [Test]
    public void ChangesSince_returns_later_rows_with_tombstones_in_sequence_order()
    {
        using var store = StateStore.Open(_dbPath);
        Write(store, Record("z", sequence: 3), Record("a", sequence: 5), Record("m", sequence: 4, deleted: true), Record("old", sequence: 1));

        var changes = store.ChangesSince(2);

        Assert.That(changes.Select(r => (r.Path.Value, r.Sequence, r.Deleted)),
            Is.EqualTo(new[] { ("z", 3L, false), ("m", 4L, true), ("a", 5L, false) }));
        Assert.That(store.ChangesSince(5), Is.Empty);
        Assert.That(store.LiveCount, Is.EqualTo(3));
    }

    [Test]
    public void GetUnder_returns_only_rows_beneath_the_directory()
    {
        using var store = StateStore.Open(_dbPath);
        string[] paths = ["a", "a/x", "a/y/z", "a.txt", "a0", "a-b/c", "ab/c", "b/a/x"];
        Write(store, paths.Select(p => Record(p)).ToArray());

        Assert.That(store.GetUnder(RelativePath.Parse("a")).Select(r => r.Path.Value), Is.EqualTo(new[] { "a/x", "a/y/z" }));
        Assert.That(store.GetUnder(RelativePath.Parse("a/y")).Select(r => r.Path.Value), Is.EqualTo(new[] { "a/y/z" }));

        using var batch = store.BeginBatch();
        Assert.That(batch.DeleteUnder(RelativePath.Parse("a")), Is.EqualTo(2));
        batch.Commit();
        Assert.That(store.Count, Is.EqualTo(paths.Length - 2));
    }

    [Test]
    public void Meta_and_sequence_persist()
    {
        using (var store = StateStore.Open(_dbPath))
        {
            Assert.That(store.GetMeta(MetaKeys.ClientId), Is.Null);
            store.SetMeta(MetaKeys.ClientId, "laptop");
            store.SetMeta(MetaKeys.ClientId, "workstation");
            Assert.That(store.CurrentSequence, Is.Zero);
            using (var batch = store.BeginBatch())
            {
                Assert.That(batch.NextSequence(), Is.EqualTo(1));
                Assert.That(batch.NextSequence(), Is.EqualTo(2));
                batch.Commit();
            }

            using (var rolledBack = store.BeginBatch())
            {
                Assert.That(rolledBack.NextSequence(), Is.EqualTo(3));
            }
        }

        using var reopened = StateStore.Open(_dbPath);
        Assert.That(reopened.GetMeta(MetaKeys.ClientId), Is.EqualTo("workstation"));
        Assert.That(reopened.CurrentSequence, Is.EqualTo(2));
        using var next = reopened.BeginBatch();
        Assert.That(next.NextSequence(), Is.EqualTo(3));
    }

    [Test]
    public void Pruning_tombstones_records_how_far_it_went()
    {
        using var store = StateStore.Open(_dbPath);
        Write(store, Record("t1", 2, deleted: true), Record("t2", 5, deleted: true), Record("t3", 9, deleted: true), Record("live", 1));
        Assert.That(store.MinLiveTombstoneSequence(), Is.EqualTo(2));
        Assert.That(store.NeedsFullIndex(0), Is.False);

        Assert.That(store.PruneTombstones(olderThanSequence: 9), Is.EqualTo(2));

        Assert.That(store.TombstonesPrunedUpTo, Is.EqualTo(5));
        Assert.That(store.MinLiveTombstoneSequence(), Is.EqualTo(9));
        Assert.That(store.NeedsFullIndex(4), Is.True, "a client at 4 never saw the delete at 5");
        Assert.That(store.NeedsFullIndex(5), Is.False);
        Assert.That(store.Get(RelativePath.Parse("live")), Is.Not.Null, "live rows are never pruned");
        Assert.That(store.PruneTombstones(3), Is.Zero);
        Assert.That(store.TombstonesPrunedUpTo, Is.EqualTo(5), "a smaller prune never lowers the mark");
    }

    [Test]
    public void Modes_round_trip_and_unknown_stays_null()
    {
        using var store = StateStore.Open(_dbPath);
        Write(store, Record("run.sh") with { Mode = 0x1ED, BaseMode = 0x1A4 }, Record("plain.txt"));

        Assert.That((store.Get(RelativePath.Parse("run.sh"))!.Mode, store.Get(RelativePath.Parse("run.sh"))!.BaseMode), Is.EqualTo(((int?)0x1ED, (int?)0x1A4)));
        Assert.That((store.Get(RelativePath.Parse("plain.txt"))!.Mode, store.Get(RelativePath.Parse("plain.txt"))!.BaseMode), Is.EqualTo(((int?)null, (int?)null)));
    }

    [Test]
    public void A_database_of_schema_2_opens_with_its_rows_and_their_modes_unknown()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dbPath)!);
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dbPath};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = """
                CREATE TABLE file_state (path TEXT NOT NULL PRIMARY KEY, kind INTEGER NOT NULL, size INTEGER NOT NULL,
                    last_modified INTEGER NOT NULL, inode INTEGER NOT NULL, sha256 TEXT NOT NULL, origin TEXT NOT NULL,
                    sequence INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, base_sha256 TEXT NULL, local_only INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX file_state_sequence ON file_state (sequence);
                CREATE TABLE meta (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE chunks (path TEXT NOT NULL PRIMARY KEY, sha256 TEXT NOT NULL, data BLOB NOT NULL);
                INSERT INTO file_state VALUES ('run.sh', 0, 12, 5, 42, 'ab', 'server', 7, 0, 'ab', 0);
                PRAGMA user_version = 2;
                """;
            command.ExecuteNonQuery();
        }

        using var store = StateStore.Open(_dbPath);
        Assert.That(store.SchemaVersion, Is.EqualTo(4));
        var row = store.Get(RelativePath.Parse("run.sh"))!;
        Assert.That((row.Sha256, row.Sequence, row.BaseSha256), Is.EqualTo(("ab", 7L, "ab")), "the old row is intact");
        Assert.That((row.Mode, row.BaseMode), Is.EqualTo(((int?)null, (int?)null)), "its mode is unknown until a scan or the server says");
        Assert.That((store.LiveCount, store.FileCount, store.LiveBytes, store.DirtyCount), Is.EqualTo((1L, 1L, 12L, 0L)), "schema 004 counted the rows already there");
        Assert.That(store.IntegrityCheck(), Is.EqualTo("ok"));
    }

    [Test]
    public void Migrations_are_idempotent_on_reopen()
    {
        using (var store = StateStore.Open(_dbPath))
        {
            Assert.That(store.SchemaVersion, Is.EqualTo(4));
            Write(store, Record("a"));
        }

        using (var again = StateStore.Open(_dbPath))
        {
            Assert.That(again.SchemaVersion, Is.EqualTo(4));
            Assert.That(again.Count, Is.EqualTo(1));
        }

        using var third = StateStore.Open(_dbPath);
        Assert.That(third.IntegrityCheck(), Is.EqualTo("ok"));
    }
}
