using FolderSync.Common.Protocol;
using FolderSync.Common.Watching;

namespace FolderSync.Tests.Watching;

public sealed class InotifyWatcherFileTests
{
    [Test]
    public void CreatedFile_IsReported()
    {
        using var h = new WatchHarness();

        File.WriteAllText(h["a.txt"], "hello");

        h.Collector.WaitForOrFail(c => c.HasChanged("a.txt"), "a.txt");
        Assert.That(h.Folder.Mode, Is.EqualTo(WatchMode.Inotify));
    }

    [Test]
    public void ModifiedFile_IsReported()
    {
        using var h = new WatchHarness(before: d => File.WriteAllText(d["existing.txt"], "one"));

        File.AppendAllText(h["existing.txt"], "two");

        h.Collector.WaitForOrFail(c => c.HasChanged("existing.txt"), "existing.txt");
    }

    [Test]
    public void DeletedFile_IsReported()
    {
        using var h = new WatchHarness(before: d => File.WriteAllText(d["gone.txt"], "x"));

        File.Delete(h["gone.txt"]);

        h.Collector.WaitForOrFail(c => c.HasChanged("gone.txt"), "gone.txt");
    }

    [Test]
    public void RenamedFile_IsOneMove()
    {
        using var h = new WatchHarness(before: d => File.WriteAllText(d["from.txt"], "x"));

        File.Move(h["from.txt"], h["to.txt"]);

        h.Collector.WaitForOrFail(c => c.Moves.Count > 0, "a move");
        Assert.That(h.Collector.Moves, Is.EqualTo(new[] { new WatchMove(RelativePath.Parse("from.txt"), RelativePath.Parse("to.txt"), false) }));
        Assert.That(h.Collector.Changed, Does.Not.Contain("from.txt"));
    }

    [Test]
    public void FileMovedOutOfTheFolder_IsReportedAsChanged()
    {
        using var outside = new WatchTempDirectory();
        using var h = new WatchHarness(before: d => File.WriteAllText(d["leaving.txt"], "x"));

        File.Move(h["leaving.txt"], outside["leaving.txt"]);

        h.Collector.WaitForOrFail(c => c.HasChanged("leaving.txt"), "leaving.txt");
        Assert.That(h.Collector.Moves, Is.Empty);
    }

    [Test]
    public void HiddenAndOwnTempFiles_AreNeverReported()
    {
        using var h = new WatchHarness();

        Directory.CreateDirectory(h[".git"]);
        File.WriteAllText(h[".git/config"], "x");
        File.WriteAllText(h[".foldersync-tmp-123"], "x");
        File.WriteAllText(h["visible.txt"], "x");

        h.Collector.WaitForOrFail(c => c.HasChanged("visible.txt"), "visible.txt");
        Assert.That(h.Collector.Changed.Where(p => p.StartsWith('.')), Is.Empty);
        Assert.That(h.Folder.WatchCount, Is.EqualTo(1), "the hidden directory is not watched");
    }

    [Test]
    public void CustomIgnoreRule_IsApplied()
    {
        using var h = new WatchHarness(new WatcherOptions { IsIgnored = p => p.Name.EndsWith(".swp", StringComparison.Ordinal) });

        File.WriteAllText(h["x.swp"], "x");
        File.WriteAllText(h["x.txt"], "x");

        h.Collector.WaitForOrFail(c => c.HasChanged("x.txt"), "x.txt");
        Assert.That(h.Collector.Changed, Does.Not.Contain("x.swp"));
    }

    [Test]
    public void SymlinkedDirectory_IsNotFollowed()
    {
        using var outside = new WatchTempDirectory();
        using var h = new WatchHarness();

        File.CreateSymbolicLink(h["link"], outside.Path);
        File.WriteAllText(outside["behind-link.txt"], "x");
        File.WriteAllText(h["sentinel.txt"], "x");

        h.Collector.WaitForOrFail(c => c.HasChanged("sentinel.txt") && c.Changed.Contains("link"), "sentinel and link");
        Assert.That(h.Collector.Changed.Where(p => p.StartsWith("link/", StringComparison.Ordinal)), Is.Empty);
        Assert.That(h.Folder.WatchCount, Is.EqualTo(1));
    }

    [Test]
    public void WatchOff_IsPollingAndReportsNothing()
    {
        using var dir = new WatchTempDirectory();
        using var inotify = new InotifyWatcher();

        using var folder = inotify.Watch(dir.Path, new WatcherOptions { Watch = false });

        Assert.That(folder.Mode, Is.EqualTo(WatchMode.Polling));
        Assert.That(folder.WatchCount, Is.Zero);
        File.WriteAllText(dir["a"], "x");
        Assert.That(folder.Batches.TryRead(out _), Is.False);
    }

    [Test]
    public void OverlappingRoots_AreRefused()
    {
        using var dir = new WatchTempDirectory();
        Directory.CreateDirectory(dir["inner"]);
        using var inotify = new InotifyWatcher();
        using var outer = inotify.Watch(dir.Path, new WatcherOptions());

        Assert.Throws<ArgumentException>(() => inotify.Watch(dir["inner"], new WatcherOptions()));
    }

    [Test]
    public void TwoFolders_ShareOneDescriptor()
    {
        using var one = new WatchTempDirectory();
        using var two = new WatchTempDirectory();
        using var inotify = new InotifyWatcher();
        using var first = inotify.Watch(one.Path, new WatcherOptions());
        using var second = inotify.Watch(two.Path, new WatcherOptions());
        using var firstBatches = new WatchBatchCollector(first);
        using var secondBatches = new WatchBatchCollector(second);

        File.WriteAllText(one["a"], "x");
        File.WriteAllText(two["b"], "x");

        firstBatches.WaitForOrFail(c => c.HasChanged("a"), "a in the first folder");
        secondBatches.WaitForOrFail(c => c.HasChanged("b"), "b in the second folder");
        Assert.That(firstBatches.Changed, Does.Not.Contain("b"));
        Assert.That(secondBatches.Changed, Does.Not.Contain("a"));
    }

    [Test]
    public void DeletedRoot_AsksForAFullRescan()
    {
        using var h = new WatchHarness();

        Directory.Delete(h.Directory.Path, recursive: true);

        h.Collector.WaitForOrFail(c => c.Batches.Any(b => b.RescanAll && b.RescanReason!.Contains("deleted", StringComparison.Ordinal)), "a rescan");
        Assert.That(h.Folder.Degraded, Is.True);
        Assert.That(h.Folder.WatchCount, Is.Zero);
    }
}
