using FolderSync.Common.Protocol;
using FolderSync.Common.Watching;

namespace FolderSync.Tests.Watching;

public sealed class WatchAggregatorTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);

    private readonly ManualTimeProvider _clock = new();
    private WatchAggregator _aggregator = null!;

    [SetUp]
    public void SetUp() =>
        _aggregator = new WatchAggregator(_clock, Debounce, p => p.Value.StartsWith('.') || p.Value.EndsWith('~'));

    [Test]
    public void CloseWrite_IsEmittedAtOnce()
    {
        Add("a.txt", WatchEventKind.Created);
        Add("a.txt", WatchEventKind.Modified);
        Add("a.txt", WatchEventKind.ClosedWrite);

        var batch = _aggregator.TryFlush();

        Assert.That(Changed(batch), Is.EqualTo(new[] { "a.txt" }));
        Assert.That(_aggregator.TryFlush(), Is.Null);
    }

    [Test]
    public void FileStillOpen_IsHeldUntilDebounceWithoutEvents()
    {
        Add("a.txt", WatchEventKind.Created);
        _clock.AdvanceMilliseconds(60);
        Add("a.txt", WatchEventKind.Modified);
        _clock.AdvanceMilliseconds(60);

        Assert.That(_aggregator.TryFlush(), Is.Null, "the last write was only 60 ms ago");
        Assert.That(_aggregator.NextFlushDeadline(), Is.EqualTo(TimeSpan.FromMilliseconds(40)));

        _clock.AdvanceMilliseconds(40);
        Assert.That(Changed(_aggregator.TryFlush()), Is.EqualTo(new[] { "a.txt" }));
        Assert.That(_aggregator.NextFlushDeadline(), Is.Null);
    }

    [Test]
    public void Delete_IsHeldForDebounce()
    {
        Add("a.txt", WatchEventKind.Deleted);

        Assert.That(_aggregator.TryFlush(), Is.Null);
        _clock.AdvanceMilliseconds(99);
        Assert.That(_aggregator.TryFlush(), Is.Null);
        _clock.AdvanceMilliseconds(1);
        Assert.That(Changed(_aggregator.TryFlush()), Is.EqualTo(new[] { "a.txt" }));
    }

    [Test]
    public void VimBackupPattern_NeverEmitsARemovalOfTheFile()
    {
        Add("file", WatchEventKind.MovedFrom, cookie: 7);
        Add("file~", WatchEventKind.MovedTo, cookie: 7);
        Assert.That(_aggregator.TryFlush(), Is.Null);
        _clock.AdvanceMilliseconds(10);
        Add("file", WatchEventKind.Created);
        Assert.That(_aggregator.TryFlush(), Is.Null);
        Add("file", WatchEventKind.Modified);
        Add("file", WatchEventKind.ClosedWrite);
        Add("file~", WatchEventKind.Deleted);

        var batch = _aggregator.TryFlush();

        Assert.That(Changed(batch), Is.EqualTo(new[] { "file" }));
        Assert.That(batch!.Moves, Is.Empty);
        _clock.AdvanceMilliseconds(500);
        Assert.That(_aggregator.TryFlush(), Is.Null, "the held removal must not come out later");
    }

    [Test]
    public void MovePair_IsOneMoveEmittedAtOnce()
    {
        Add("a", WatchEventKind.MovedFrom, cookie: 3);
        Add("b", WatchEventKind.MovedTo, cookie: 3);

        var batch = _aggregator.TryFlush();

        Assert.That(batch!.Moves, Is.EqualTo(new[] { new WatchMove(P("a"), P("b"), false) }));
        Assert.That(batch.Changed, Is.Empty);
    }

    [Test]
    public void DirectoryMove_CarriesPendingChildrenAndAsksToRebaseWatches()
    {
        Assert.That(Add("d", WatchEventKind.Created, isDirectory: true).Kind, Is.EqualTo(DirectoryActionKind.Appeared));
        Add("d/f", WatchEventKind.ClosedWrite);
        Add("d/g", WatchEventKind.Created);
        Add("d", WatchEventKind.MovedFrom, cookie: 9, isDirectory: true);
        var action = Add("e", WatchEventKind.MovedTo, cookie: 9, isDirectory: true);

        Assert.That(action, Is.EqualTo(new DirectoryAction(DirectoryActionKind.Moved, P("e"), P("d"))));
        var batch = _aggregator.TryFlush();
        Assert.That(Changed(batch), Is.EquivalentTo(new[] { "e", "e/f" }));
        Assert.That(batch!.Moves, Is.EqualTo(new[] { new WatchMove(P("d"), P("e"), true) }));
        _clock.Advance(Debounce);
        Assert.That(Changed(_aggregator.TryFlush()), Is.EqualTo(new[] { "e/g" }), "the open file is held at its new path");
    }

    [Test]
    public void UnpairedMovedFrom_BecomesAHeldRemovalAfterThePairWindow()
    {
        Add("dir", WatchEventKind.MovedFrom, cookie: 4, isDirectory: true);
        Assert.That(_aggregator.ExpirePairs(), Is.Empty);
        Assert.That(_aggregator.NextPairDeadline(), Is.EqualTo(WatchAggregator.DefaultPairWindow));

        _clock.Advance(WatchAggregator.DefaultPairWindow);

        Assert.That(_aggregator.ExpirePairs(), Is.EqualTo(new[] { P("dir") }), "its watches must go");
        Assert.That(_aggregator.TryFlush(), Is.Null);
        _clock.Advance(Debounce);
        Assert.That(Changed(_aggregator.TryFlush()), Is.EqualTo(new[] { "dir" }));
    }

    [Test]
    public void UnpairedMovedTo_IsAnAppearance()
    {
        var action = Add("in", WatchEventKind.MovedTo, cookie: 5, isDirectory: true);

        Assert.That(action, Is.EqualTo(new DirectoryAction(DirectoryActionKind.Appeared, P("in"))));
        Assert.That(Changed(_aggregator.TryFlush()), Is.EqualTo(new[] { "in" }));
    }

    [Test]
    public void RenameFromIgnoredTempName_IsACompleteFile()
    {
        Add(".file.tmp", WatchEventKind.Created);
        Add(".file.tmp", WatchEventKind.ClosedWrite);
        Add(".file.tmp", WatchEventKind.MovedFrom, cookie: 6);
        Add("file", WatchEventKind.MovedTo, cookie: 6);

        var batch = _aggregator.TryFlush();

        Assert.That(Changed(batch), Is.EqualTo(new[] { "file" }));
        Assert.That(batch!.Moves, Is.Empty);
    }

    [Test]
    public void DirectoryRenamedToIgnoredName_IsGone()
    {
        Add("d", WatchEventKind.MovedFrom, cookie: 8, isDirectory: true);
        var action = Add(".d", WatchEventKind.MovedTo, cookie: 8, isDirectory: true);

        Assert.That(action, Is.EqualTo(new DirectoryAction(DirectoryActionKind.Gone, P("d"))));
    }

    [Test]
    public void IgnoredPaths_AreDropped()
    {
        Add(".hidden", WatchEventKind.ClosedWrite);
        Add("x~", WatchEventKind.Deleted);

        _clock.AdvanceMilliseconds(1000);
        Assert.That(_aggregator.TryFlush(), Is.Null);
        Assert.That(_aggregator.PendingCount, Is.Zero);
    }

    [Test]
    public void AttribDuringAWrite_DoesNotCutTheHoldShort()
    {
        Add("a", WatchEventKind.Modified);
        Add("a", WatchEventKind.Attrib);
        Assert.That(_aggregator.TryFlush(), Is.Null);

        Add("b", WatchEventKind.Attrib);
        Assert.That(Changed(_aggregator.TryFlush()), Is.EqualTo(new[] { "b" }));
    }

    [TestCase(0.05, Description = "fast writer: 50 ms")]
    [TestCase(0.5, Description = "slow writer: 500 ms")]
    public void Burst_IsGroupedIntoSpacedBatches(double millisecondsBetweenFiles)
    {
        int batches = 0;
        int reported = 0;
        for (int i = 0; i < 1000; i++)
        {
            Add($"f{i}", WatchEventKind.ClosedWrite);
            _clock.AdvanceMilliseconds(millisecondsBetweenFiles);
            if (_aggregator.TryFlush() is { } batch)
            {
                batches++;
                reported += batch.Changed.Count;
            }
        }

        _clock.Advance(WatchAggregator.BurstSpacing);
        reported += _aggregator.TryFlush()?.Changed.Count ?? 0;

        Assert.That(reported, Is.EqualTo(1000));
        double burstMilliseconds = 1000 * millisecondsBetweenFiles;
        Assert.That(batches, Is.LessThanOrEqualTo(WatchAggregator.BurstThreshold + (burstMilliseconds / WatchAggregator.BurstSpacing.TotalMilliseconds) + 2));
    }

    [Test]
    public void AfterABurst_ASingleEditIsEmittedAtOnceAgain()
    {
        for (int i = 0; i < 200; i++)
        {
            Add($"f{i}", WatchEventKind.ClosedWrite);
            _aggregator.TryFlush();
        }

        Add("late", WatchEventKind.ClosedWrite);
        Assert.That(_aggregator.TryFlush(), Is.Null, "still in the burst");
        _clock.Advance(2 * WatchAggregator.BurstDetectWindow);
        Add("edit", WatchEventKind.ClosedWrite);

        Assert.That(Changed(_aggregator.TryFlush()), Has.Length.EqualTo(200 - WatchAggregator.BurstThreshold + 2).And.Contains("late").And.Contains("edit"));
        _clock.Advance(2 * WatchAggregator.BurstDetectWindow);
        Add("next", WatchEventKind.ClosedWrite);
        Assert.That(Changed(_aggregator.TryFlush()), Is.EqualTo(new[] { "next" }));
    }

    [Test]
    public void Rescan_IsEmittedEvenDuringABurstAndCarriesTheReason()
    {
        _aggregator.RequestRescan("overflow");

        var batch = _aggregator.TryFlush();

        Assert.That(batch!.RescanAll, Is.True);
        Assert.That(batch.RescanReason, Is.EqualTo("overflow"));
        Assert.That(_aggregator.TryFlush(), Is.Null);
    }

    private DirectoryAction Add(string path, WatchEventKind kind, uint cookie = 0, bool isDirectory = false) =>
        _aggregator.Add(new WatchEvent(P(path), kind, isDirectory, cookie));

    private static RelativePath P(string path) => RelativePath.Parse(path);

    private static string[] Changed(WatchBatch? batch)
    {
        Assert.That(batch, Is.Not.Null, "expected a batch");
        return batch!.Changed.Select(p => p.Value).ToArray();
    }
}
