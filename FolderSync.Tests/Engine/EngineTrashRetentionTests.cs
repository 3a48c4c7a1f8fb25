using FolderSync.Common.Configuration;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>The client's trash keeps what sync replaced for <c>Sync:TrashRetentionDays</c>, on the engine's clock.</summary>
[TestFixture]
public sealed class EngineTrashRetentionTests
{
    [Test]
    public async Task TheClientTrashKeepsReplacedVersionsForTheConfiguredDaysOnly()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var sync = new SyncOptions { DebounceMilliseconds = EnginePair.Sync.DebounceMilliseconds, RescanIntervalSeconds = EnginePair.Sync.RescanIntervalSeconds, TrashRetentionDays = 3 };
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("doc.txt"), "first\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync(sync: sync, time: clock);
        await Eventually.FileHasAsync(pair.Local("doc.txt"), "first\n");
        File.WriteAllText(pair.Server("doc.txt"), "second\n");
        await Eventually.FileHasAsync(pair.Local("doc.txt"), "second\n");
        await pair.IdleAsync();
        string trash = Path.Combine(pair.StateDir(), "trash");
        Assert.That(TrashedFiles(trash), Is.EqualTo(new[] { "first\n" }), "the replaced version is in the trash");

        clock.Now += TimeSpan.FromDays(2);
        await pair.StopClientAsync();
        await pair.StartClientAsync(sync: sync, time: clock);
        await pair.IdleAsync();
        Assert.That(TrashedFiles(trash), Is.EqualTo(new[] { "first\n" }), "two days: kept");

        clock.Now += TimeSpan.FromDays(2);
        await pair.StopClientAsync();
        await pair.StartClientAsync(sync: sync, time: clock);
        await pair.IdleAsync();
        Assert.That(TrashedFiles(trash), Is.Empty, "four days, over Sync:TrashRetentionDays = 3: pruned");
    }

    private static string[] TrashedFiles(string trash) =>
        Directory.Exists(trash) ? [.. Directory.EnumerateFiles(trash, "*", SearchOption.AllDirectories).Select(File.ReadAllText)] : [];

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
