using FolderSync.Common.Protocol;
using FolderSync.Common.Watching;

namespace FolderSync.Tests.Watching;

public sealed class InotifyWatcherDirectoryTests
{
    [Test]
    public void NestedDirectoriesFilledBeforeTheirWatch_AreScanned()
    {
        using var h = new WatchHarness();

        h.Run("bash", "-c", "mkdir -p a/b && echo x > a/b/c");

        h.Collector.WaitForOrFail(c => c.Changed.IsSupersetOf(["a", "a/b", "a/b/c"]), "a, a/b, a/b/c");
        h.Collector.WaitForOrFail(_ => h.Folder.WatchCount == 3, "watches on root, a and a/b");

        // The new directories are watched: later writes inside them are seen too.
        File.WriteAllText(h["a/b/later"], "x");
        h.Collector.WaitForOrFail(c => c.HasChanged("a/b/later"), "a/b/later");
    }

    [Test]
    public void TarExtraction_ReportsEveryEntry()
    {
        using var source = new WatchTempDirectory();
        var expected = new List<string>();
        for (int d = 0; d < 3; d++)
        {
            for (int f = 0; f < 5; f++)
            {
                string relative = $"top/sub{d}/deeper/file{f}.txt";
                Directory.CreateDirectory(Path.GetDirectoryName(source[relative])!);
                File.WriteAllText(source[relative], $"content {d} {f}");
                expected.Add(relative);
            }

            expected.Add($"top/sub{d}");
            expected.Add($"top/sub{d}/deeper");
        }

        expected.Add("top");
        using var archiveDir = new WatchTempDirectory();
        string archive = archiveDir["tree.tar"];
        using var h = new WatchHarness();
        h.Run("tar", "-cf", archive, "-C", source.Path, "top");

        h.Run("tar", "-xf", archive);

        h.Collector.WaitForOrFail(c => c.Changed.IsSupersetOf(expected), $"all {expected.Count} entries");
        Assert.That(h.Folder.WatchCount, Is.EqualTo(1 + 1 + 3 + 3));
    }

    [Test]
    public void DirectoryMove_IsOneMoveAndItsWatchesFollow()
    {
        using var h = new WatchHarness(before: d =>
        {
            Directory.CreateDirectory(d["old/inner"]);
            for (int i = 0; i < 20; i++)
            {
                File.WriteAllText(d[$"old/inner/f{i}"], "x");
            }
        });

        Directory.Move(h["old"], h["new"]);
        h.Collector.WaitForOrFail(c => c.Moves.Count > 0, "the move");
        File.WriteAllText(h["new/inner/after-move"], "x");

        h.Collector.WaitForOrFail(c => c.HasChanged("new/inner/after-move"), "a write under the new name");
        Assert.That(h.Collector.Moves, Is.EqualTo(new[] { new WatchMove(RelativePath.Parse("old"), RelativePath.Parse("new"), true) }));
        Assert.That(h.Collector.Changed, Is.EquivalentTo(new[] { "new/inner/after-move" }), "no per-file deletes and creates");
        Assert.That(h.Folder.WatchCount, Is.EqualTo(3));
    }

    [Test]
    public void DirectoryMovedOut_IsReportedAndItsWatchesDropped()
    {
        using var outside = new WatchTempDirectory();
        using var h = new WatchHarness(before: d => Directory.CreateDirectory(d["leaving/sub"]));
        Assert.That(h.Folder.WatchCount, Is.EqualTo(3));

        Directory.Move(h["leaving"], outside["leaving"]);

        h.Collector.WaitForOrFail(c => c.HasChanged("leaving"), "leaving");
        Assert.That(h.Folder.WatchCount, Is.EqualTo(1));
        File.WriteAllText(outside["leaving/sub/elsewhere"], "x");
        File.WriteAllText(h["sentinel"], "x");
        h.Collector.WaitForOrFail(c => c.HasChanged("sentinel"), "sentinel");
        Assert.That(h.Collector.Changed.Where(p => p.Contains("elsewhere", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void DirectoryMovedIn_IsWatchedAndScanned()
    {
        using var outside = new WatchTempDirectory();
        Directory.CreateDirectory(outside["arriving/sub"]);
        File.WriteAllText(outside["arriving/sub/file"], "x");
        using var h = new WatchHarness();

        Directory.Move(outside["arriving"], h["arriving"]);

        h.Collector.WaitForOrFail(c => c.Changed.IsSupersetOf(["arriving", "arriving/sub", "arriving/sub/file"]), "the moved-in tree");
        File.WriteAllText(h["arriving/sub/new"], "x");
        h.Collector.WaitForOrFail(c => c.HasChanged("arriving/sub/new"), "a write inside it");
    }

    [Test]
    public void DeletedDirectoryTree_IsReportedWithoutLosingWatches()
    {
        using var h = new WatchHarness(before: d =>
        {
            Directory.CreateDirectory(d["doomed/sub"]);
            File.WriteAllText(d["doomed/sub/f"], "x");
        });

        Directory.Delete(h["doomed"], recursive: true);

        h.Collector.WaitForOrFail(c => c.Changed.IsSupersetOf(["doomed", "doomed/sub", "doomed/sub/f"]), "the deleted tree");
        Assert.That(h.Collector.Batches.Any(b => b.RescanAll), Is.False, "a deleted directory is not a lost watch");
        Assert.That(h.Folder.WatchCount, Is.EqualTo(1));
    }
}
