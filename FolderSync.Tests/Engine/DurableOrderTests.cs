using FolderSync.Client.Engine;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FolderSync.Tests.Engine;

/// <summary>
/// The client records a received file only once it is durable: the syncfs of a burst completes before the rows that
/// claim its files commit, so a power cut can never leave a row describing content the disk lost.
/// </summary>
public sealed class DurableOrderTests
{
    [Test]
    public void A_burst_of_received_files_is_flushed_before_its_rows_commit()
    {
        string dir = Directory.CreateTempSubdirectory("foldersync-durable-").FullName;
        try
        {
            string folder = Path.Combine(dir, "folder");
            Directory.CreateDirectory(folder);
            using var store = StateStore.Open(Path.Combine(dir, "client.db"));
            using var root = FolderRoot.Open(folder);
            using var trash = Trash.ForStateDir(dir);
            var paths = new[] { RelativePath.Parse("a.txt"), RelativePath.Parse("sub/b.txt") };
            var rowsAtFlush = new List<int>();
            var applier = new ChangeApplier(store, root, trash, "laptop", new WorkQueue(), NullLogger.Instance, syncData: () =>
            {
                rowsAtFlush.Add(paths.Count(p => store.Get(p) is not null));
                root.SyncFileSystem();
            });

            foreach (var path in paths)
            {
                ReceivedFile.Apply(root, applier, path);
                applier.CommitAppliedRowsUnless(burstContinues: true);
            }

            Assert.That(rowsAtFlush, Is.Empty, "a burst that goes on neither flushes nor commits");
            applier.CommitAppliedRowsUnless(burstContinues: false);

            Assert.That(rowsAtFlush, Is.EqualTo(new[] { 0 }), "one syncfs for the burst, before any of its rows is committed");
            Assert.That(paths.Select(p => store.Get(p)?.Sequence), Is.EqualTo(new long?[] { 7, 7 }), "then the rows");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void A_full_batch_flushes_off_the_loop_and_its_rows_commit_only_after_its_flush()
    {
        string dir = Directory.CreateTempSubdirectory("foldersync-durable-").FullName;
        using var flushing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        try
        {
            string folder = Path.Combine(dir, "folder");
            Directory.CreateDirectory(folder);
            using var store = StateStore.Open(Path.Combine(dir, "client.db"));
            using var root = FolderRoot.Open(folder);
            using var trash = Trash.ForStateDir(dir);
            int flushes = 0;
            var applier = new ChangeApplier(store, root, trash, "laptop", new WorkQueue(), NullLogger.Instance, syncData: () =>
            {
                if (Interlocked.Increment(ref flushes) == 1)
                {
                    flushing.Set();
                    release.Wait(TimeSpan.FromSeconds(30)); // a slow disk: the first batch's flush is behind
                }

                root.SyncFileSystem();
            });

            var paths = Enumerable.Range(0, 1100).Select(i => RelativePath.Parse($"d{i % 8}/f{i}.txt")).ToList();
            foreach (var path in paths)
            {
                ReceivedFile.Apply(root, applier, path);
                applier.CommitAppliedRowsUnless(burstContinues: true);
            }

            Assert.That(flushing.Wait(TimeSpan.FromSeconds(30)), Is.True, "a full batch is handed to the flusher");
            Assert.That(paths.Count(p => store.Get(p) is not null), Is.Zero, "the loop applied past the full batch while its flush is behind, and no row is committed before its flush");

            release.Set();
            applier.CommitAppliedRowsUnless(burstContinues: false);
            Assert.That(flushes, Is.EqualTo(2), "one flush for the full batch, one for the rest");
            foreach (var path in paths)
            {
                var row = store.Get(path);
                Assert.That(row?.Sha256, Is.EqualTo(DaemonTree.Sha256(Path.Combine(folder, path.Value))), $"{path} committed with its file's content");
            }
        }
        finally
        {
            release.Set();
            Directory.Delete(dir, recursive: true);
        }
    }
}
