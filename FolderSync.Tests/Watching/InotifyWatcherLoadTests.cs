using System.Diagnostics;
using FolderSync.Common.Watching;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Tests.Watching;

public sealed class InotifyWatcherLoadTests
{
    [Test]
    public void BurstOfTenThousandCreates_ComesOutInFewLargeBatches()
    {
        const int Files = 10_000;
        using var h = new WatchHarness(new WatcherOptions());
        var clock = Stopwatch.StartNew();

        for (int i = 0; i < Files; i++)
        {
            File.WriteAllText(h[$"f{i:D5}.txt"], "x");
        }

        var written = clock.Elapsed;
        h.Collector.WaitForOrFail(c => c.ChangedCount == Files, $"{Files} files", seconds: 20);
        var settled = clock.Elapsed;
        int batches = h.Collector.Batches.Count;

        TestContext.Out.WriteLine($"10k burst: written in {written.TotalMilliseconds:F0} ms, all reported after {settled.TotalMilliseconds:F0} ms "
            + $"({(settled - written).TotalMilliseconds:F1} ms after the last write), {batches} batches");
        // Grouping needs at least BurstThreshold files per BurstDetectWindow; a loaded machine still writes far faster.
        Assert.That(batches, Is.LessThanOrEqualTo(Files / 10), "a burst must be grouped");
    }

    [Test]
    public void CloseWriteLatency_IsAboutAMillisecond()
    {
        const int Writes = 50;
        using var h = new WatchHarness(new WatcherOptions());
        var latencies = new List<double>();

        for (int i = 0; i < Writes; i++)
        {
            string name = $"edit{i}.txt";
            File.WriteAllText(h[name], "one line\n");
            long written = Stopwatch.GetTimestamp();
            h.Collector.WaitForOrFail(c => c.HasChanged(name), name);
            // Negative when the batch arrived before WriteAllText returned (the event fires inside close(2)).
            latencies.Add(Stopwatch.GetElapsedTime(written, h.Collector.FirstSeen(name)!.Value).TotalMilliseconds);
        }

        latencies.Sort();
        double p50 = latencies[Writes / 2];
        TestContext.Out.WriteLine($"WriteAllText returned -> batch received: p50 {p50:F3} ms, p90 {latencies[Writes * 9 / 10]:F3} ms, "
            + $"max {latencies[^1]:F3} ms; {latencies.Count(l => l <= 0)} of {Writes} arrived before WriteAllText returned");
        Assert.That(p50, Is.LessThan(10), "complete files must not wait for a debounce");
    }

    [Test]
    public void QueueOverflow_AsksForAFullRescan()
    {
        int maxQueued = int.Parse(File.ReadAllText("/proc/sys/fs/inotify/max_queued_events").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (maxQueued > 1_000_000)
        {
            Assert.Ignore($"max_queued_events is {maxQueued}: too many events to overflow quickly");
        }

        using var h = new WatchHarness();
        h.Inotify.PauseReading();
        using (SafeFileHandle a = File.OpenHandle(h["a"], FileMode.Create, FileAccess.Write),
               b = File.OpenHandle(h["b"], FileMode.Create, FileAccess.Write))
        {
            // Alternating files: the kernel merges only identical consecutive events. The margin covers what
            // the reader may still drain before it sees the pause (one read takes up to ~2,000 events).
            byte[] one = [1];
            for (int i = 0; i <= (maxQueued / 2) + 5_000; i++)
            {
                RandomAccess.Write(a, one, i);
                RandomAccess.Write(b, one, i);
            }
        }

        h.Inotify.ResumeReading();

        h.Collector.WaitForOrFail(c => c.Batches.Any(x => x.RescanAll && x.RescanReason!.Contains("overflow", StringComparison.Ordinal)), "a rescan");
        Assert.That(h.Folder.OverflowCount, Is.EqualTo(1));

        // Still watching afterwards.
        File.WriteAllText(h["after"], "x");
        h.Collector.WaitForOrFail(c => c.HasChanged("after"), "after");
    }
}
