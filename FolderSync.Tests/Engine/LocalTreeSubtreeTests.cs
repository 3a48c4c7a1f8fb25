using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>The poll behind the inotify watch limit: a walk of only the unwatched subtrees, against the state table.</summary>
public sealed class LocalTreeSubtreeTests
{
    [Test]
    public async Task Only_the_polled_subtrees_report_their_edits_creations_and_removals()
    {
        using var dir = new StoreScanTempDirectory();
        string root = dir.Combine("folder");
        dir.Write("folder/a/x.txt", "x0");
        dir.Write("folder/a/b/y.txt", "y0");
        dir.Write("folder/c/z.txt", "z0");
        using var store = StateStore.Open(dir.Combine("state.db"));
        var tree = new LocalTree(root, new ScanOptions(), store);
        Record(store, await tree.ScanAllAsync(CancellationToken.None));

        dir.Write("folder/a/x.txt", "x1, longer");
        dir.Write("folder/a/b/new.txt", "new");
        File.Delete(dir.Combine("folder/a/b/y.txt"));
        dir.Write("folder/c/z.txt", "z1, outside the polled subtree");

        var changes = await tree.ScanSubtreesAsync([RelativePath.Parse("a")], CancellationToken.None);
        Assert.That(changes.Select(c => $"{c.Path}:{(c.Now is null ? "gone" : c.Before is null ? "new" : "changed")}"),
            Is.EquivalentTo(new[] { "a/x.txt:changed", "a/b:changed", "a/b/new.txt:new", "a/b/y.txt:gone" }), "a/b: its mtime moved");

        var gone = await tree.ScanSubtreesAsync([RelativePath.Parse("no-such-dir")], CancellationToken.None);
        Assert.That(gone, Is.Empty, "a subtree root that is gone is its parent watch's to report");
    }

    private static void Record(StateStore store, IReadOnlyList<LocalChange> changes)
    {
        using var batch = store.BeginBatch();
        foreach (var change in changes)
        {
            var now = change.Now!;
            batch.Upsert(new FileRecord(change.Path, now.Kind, now.Size, now.MtimeNs, now.Inode, now.Sha256, FileRecord.ServerOrigin, 1, false, now.Sha256, false));
        }

        batch.Commit();
    }
}
