using System.Security.Cryptography;
using FolderSync.Client.Engine;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
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
                byte[] content = System.Text.Encoding.UTF8.GetBytes($"content of {path}\n");
                string sha = Convert.ToHexStringLower(SHA256.HashData(content));
                var temp = root.BeginWrite(path);
                temp.Write(content);
                applier.ApplyFile(path, new FileUpdateMessage(0, path.Value, content.Length, 1_764_000_000_000_000_000, sha, null, 7, "server"), temp, record: null);
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
}
