using FolderSync.Tests.Support;
using Microsoft.Extensions.Logging;

namespace FolderSync.Tests.Engine;

/// <summary>The mass-delete guard with real engines: a burst over Sync:MaxDeletePercent waits for confirmation.</summary>
[TestFixture]
public sealed class EngineDeleteGuardTests
{
    [Test]
    public async Task RemovingNinetyPercentOfAThousandFilesOnTheServerIsHeldUntilConfirmed()
    {
        await using var pair = new EnginePair(logLevel: LogLevel.Warning);
        for (int i = 0; i < 1000; i++)
        {
            File.WriteAllText(pair.Server($"f{i:D4}.txt"), $"file {i}\n");
        }

        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.TrueAsync(() => Directory.GetFiles(pair.ClientPath).Length == 1000, TimeSpan.FromSeconds(60), "the first sync");
        await pair.IdleAsync();
        long sequence = pair.Folder.Sequence;

        for (int i = 0; i < 900; i++)
        {
            File.Delete(pair.Server($"f{i:D4}.txt"));
        }

        await Eventually.TrueAsync(() => pair.Folder.HeldDeletesReason is not null, TimeSpan.FromSeconds(15), "the deletes held");
        await pair.IdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(pair.Folder.HeldDeletes, Is.EqualTo(900));
            Assert.That(pair.Folder.HeldDeletesReason, Does.Contain("900 of 1000"));
            Assert.That(pair.Folder.Sequence, Is.EqualTo(sequence), "nothing recorded");
            Assert.That(Directory.GetFiles(pair.ClientPath), Has.Length.EqualTo(1000), "nothing deleted on the client");
            Assert.That(pair.LogOf("server").Any(l => l.Contains("not propagating deletes", StringComparison.Ordinal)));
        });

        // A rescan while held neither propagates nor forgets them.
        File.WriteAllText(pair.Server("f0999.txt"), "edited while held\n");
        await Eventually.FileHasAsync(pair.Local("f0999.txt"), "edited while held\n");
        Assert.That(Directory.GetFiles(pair.ClientPath), Has.Length.EqualTo(1000));

        int confirmed = await pair.Folder.ConfirmDeletesAsync();
        await Eventually.TrueAsync(() => Directory.GetFiles(pair.ClientPath).Length == 100, TimeSpan.FromSeconds(30), "the confirmed deletes on the client");
        Assert.Multiple(() =>
        {
            Assert.That(confirmed, Is.EqualTo(900));
            Assert.That(pair.Folder.HeldDeletes, Is.Zero);
            Assert.That(pair.Folder.HeldDeletesReason, Is.Null);
        });
    }

    [Test]
    public async Task RestoringHeldFilesReleasesTheGuardWithoutDeletingThem()
    {
        await using var pair = new EnginePair(logLevel: LogLevel.Warning);
        for (int i = 0; i < 200; i++)
        {
            File.WriteAllText(pair.Server($"f{i:D3}.txt"), $"file {i}\n");
        }

        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.TrueAsync(() => Directory.GetFiles(pair.ClientPath).Length == 200, TimeSpan.FromSeconds(60), "the first sync");
        await pair.IdleAsync();
        string backup = Directory.CreateDirectory(Path.Combine(pair.Root, "backup")).FullName;
        for (int i = 0; i < 150; i++)
        {
            File.Move(pair.Server($"f{i:D3}.txt"), Path.Combine(backup, $"f{i:D3}.txt"));
        }

        await Eventually.TrueAsync(() => pair.Folder.HeldDeletesReason is not null, TimeSpan.FromSeconds(15), "the deletes held");
        foreach (var file in Directory.GetFiles(backup))
        {
            File.Move(file, pair.Server(Path.GetFileName(file)));
        }

        await Eventually.TrueAsync(() => pair.Folder.HeldDeletes == 0 && pair.Folder.HeldDeletesReason is null, TimeSpan.FromSeconds(15), "the guard released");
        await pair.IdleAsync();
        Assert.That(Directory.GetFiles(pair.ClientPath), Has.Length.EqualTo(200));
    }

    [Test]
    public async Task AFewDeletesInALargeFolderGoOutAtOnce()
    {
        await using var pair = new EnginePair(logLevel: LogLevel.Warning);
        for (int i = 0; i < 200; i++)
        {
            File.WriteAllText(pair.Server($"f{i:D3}.txt"), $"file {i}\n");
        }

        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.TrueAsync(() => Directory.GetFiles(pair.ClientPath).Length == 200, TimeSpan.FromSeconds(60), "the first sync");
        File.Delete(pair.Server("f007.txt"));
        await Eventually.GoneAsync(pair.Local("f007.txt"));
        Assert.That(pair.Folder.HeldDeletes, Is.Zero);
    }
}
