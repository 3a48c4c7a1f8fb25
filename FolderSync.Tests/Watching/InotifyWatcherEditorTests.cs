using System.Diagnostics;
using FolderSync.Common.Watching;

namespace FolderSync.Tests.Watching;

/// <summary>The save patterns of real editors and tools (DESIGN §5).</summary>
public sealed class InotifyWatcherEditorTests
{
    [Test]
    public void TempWriteThenRenameOver_ReportsTheTarget()
    {
        using var h = new WatchHarness(before: d => File.WriteAllText(d["doc.txt"], "old"));

        File.WriteAllText(h["doc.txt.new"], "new");
        File.Move(h["doc.txt.new"], h["doc.txt"], overwrite: true);

        h.Collector.WaitForOrFail(c => c.Moves.Any(m => m.To.Value == "doc.txt") || c.Changed.Contains("doc.txt"), "doc.txt");
    }

    [Test]
    public void VimBackupPattern_ReportsTheFileAndNoRemovalBeforeItReappears()
    {
        // As the engine configures it: "*~" is a temp name (DESIGN §6).
        var options = new WatcherOptions { DebounceMilliseconds = 300, IsIgnored = p => p.Name.EndsWith('~') };
        using var h = new WatchHarness(options, d => File.WriteAllText(d["notes.txt"], "old"));

        File.Move(h["notes.txt"], h["notes.txt~"]);
        long rewriteStarted = Stopwatch.GetTimestamp();
        File.WriteAllText(h["notes.txt"], "new");
        File.Delete(h["notes.txt~"]);

        h.Collector.WaitForOrFail(c => c.HasChanged("notes.txt"), "notes.txt");
        Assert.That(h.Collector.FirstSeen("notes.txt"), Is.GreaterThanOrEqualTo(rewriteStarted), "reported while it was absent");
        Assert.That(h.Collector.Moves, Is.Empty);
    }

    [Test]
    public void TruncateAndRewrite_IsReportedOnceComplete()
    {
        using var h = new WatchHarness(new WatcherOptions { DebounceMilliseconds = 5000 }, d => File.WriteAllText(d["log.txt"], "old content"));

        long closing;
        using (var stream = new FileStream(h["log.txt"], FileMode.Truncate, FileAccess.Write))
        {
            stream.Write("new content"u8);
            stream.Flush();
            closing = Stopwatch.GetTimestamp();
        }

        h.Collector.WaitForOrFail(c => c.HasChanged("log.txt"), "log.txt");
        Assert.That(h.Collector.FirstSeen("log.txt"), Is.GreaterThanOrEqualTo(closing), "reported while empty");
    }

    [Test]
    public void SedInPlace_ReportsTheFile()
    {
        using var h = new WatchHarness(before: d => File.WriteAllText(d["conf.txt"], "alpha\n"));

        h.Run("sed", "-i", "s/alpha/beta/", "conf.txt");

        h.Collector.WaitForOrFail(c => c.Moves.Any(m => m.To.Value == "conf.txt") || c.Changed.Contains("conf.txt"), "conf.txt");
        Assert.That(File.ReadAllText(h["conf.txt"]), Is.EqualTo("beta\n"));
    }

    [Test]
    public void HalfWrittenFile_IsHeldUntilClosed()
    {
        using var h = new WatchHarness(new WatcherOptions { DebounceMilliseconds = 5000 });
        var started = Stopwatch.StartNew();

        using (var stream = new FileStream(h["half.txt"], FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write("first part, "u8);
            stream.Flush();
            File.WriteAllText(h["other.txt"], "complete");

            h.Collector.WaitForOrFail(c => c.HasChanged("other.txt"), "other.txt");
            Assert.That(h.Collector.Reported("half.txt"), Is.False, "emitted while still open");
            stream.Write("second part"u8);
        }

        h.Collector.WaitForOrFail(c => c.HasChanged("half.txt"), "half.txt after close");
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(4)), "emitted by the debounce, not the close");
    }

    [Test]
    public void FileNeverClosed_IsEmittedAfterTheDebounce()
    {
        using var h = new WatchHarness(new WatcherOptions { DebounceMilliseconds = 100 });

        using var stream = new FileStream(h["mmap-like.bin"], FileMode.CreateNew, FileAccess.Write);
        stream.Write("data"u8);
        stream.Flush();

        h.Collector.WaitForOrFail(c => c.HasChanged("mmap-like.bin"), "mmap-like.bin while still open");
    }
}
