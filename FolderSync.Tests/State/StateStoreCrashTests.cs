using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FolderSync.Tests.State;

/// <summary>
/// What a process kill leaves behind is the database file and its WAL as they are on disk at that moment.
/// Copying both while a batch is open (uncommitted pages may already have spilled into the WAL) and
/// opening the copy is that state, without the cost of spawning a process.
/// </summary>
public sealed class StateStoreCrashTests
{
    [Test]
    public void A_copy_taken_mid_batch_holds_exactly_the_last_committed_state()
    {
        using var dir = new StoreScanTempDirectory();
        string dbPath = dir.Combine("live/folder.db");
        string copyPath = dir.Combine("copy/folder.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copyPath)!);

        using (var store = StateStore.Open(dbPath))
        {
            using (var committed = store.BeginBatch())
            {
                for (int i = 0; i < 1000; i++)
                {
                    committed.Upsert(StateStoreTests.Record($"kept/{i}", sequence: committed.NextSequence()));
                }

                committed.Commit();
            }

            Assert.That(File.Exists(dbPath + "-wal"), Is.True, "journal_mode is WAL");

            using (var pending = store.BeginBatch())
            {
                // Enough rows that SQLite spills uncommitted pages into the WAL before the copy.
                for (int i = 0; i < 30_000; i++)
                {
                    pending.Upsert(StateStoreTests.Record($"lost/{i:D5}-{new string('x', 64)}", sequence: pending.NextSequence()));
                }

                pending.Upsert(StateStoreTests.Record("kept/0", sha: "overwritten"));
                pending.Delete(RelativePath.Parse("kept/1"));

                File.Copy(dbPath, copyPath);
                File.Copy(dbPath + "-wal", copyPath + "-wal");
            }
        }

        using var copy = StateStore.Open(copyPath);
        Assert.That(copy.IntegrityCheck(), Is.EqualTo("ok"));
        Assert.That(copy.Count, Is.EqualTo(1000));
        Assert.That(copy.GetUnder(RelativePath.Parse("lost")), Is.Empty);
        Assert.That(copy.Get(RelativePath.Parse("kept/0"))!.Sha256, Is.EqualTo("ab"));
        Assert.That(copy.Get(RelativePath.Parse("kept/1")), Is.Not.Null);
        Assert.That(copy.CurrentSequence, Is.EqualTo(1000));
    }

    [Test]
    public void The_database_file_is_in_wal_mode()
    {
        using var dir = new StoreScanTempDirectory();
        string dbPath = dir.Combine("folder.db");
        using var store = StateStore.Open(dbPath);

        using var probe = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        probe.Open();
        using var command = probe.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.That(command.ExecuteScalar(), Is.EqualTo("wal"));
    }
}
