using System.Globalization;
using FolderSync.Common.Sync;
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
        await using var pair = await SyncedPairAsync(files: 1000);
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
        await using var pair = await SyncedPairAsync(files: 200);
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
        await using var pair = await SyncedPairAsync(files: 200);
        File.Delete(pair.Server("f007.txt"));
        await Eventually.GoneAsync(pair.Local("f007.txt"));
        Assert.That(pair.Folder.HeldDeletes, Is.Zero);
    }

    [Test]
    public async Task AFullClientsBurstOfDeletesIsHeldUntilConfirmed()
    {
        await using var pair = await SyncedPairAsync(AccessMode.Full, clients: 2, files: 300);
        long sequence = pair.Folder.Sequence;
        for (int i = 0; i < 270; i++)
        {
            File.Delete(pair.Local($"f{i:D3}.txt"));
        }

        await Eventually.TrueAsync(() => pair.Folder.HeldDeletesReason is not null, TimeSpan.FromSeconds(15), "the client's deletes held");
        await pair.IdleAsync(1);

        // The deleting client keeps its deletes pending and says why.
        await Eventually.TrueAsync(async () => (int)(await pair.Client.GetStatusAsync())["problems"]!["count"]! == 270, TimeSpan.FromSeconds(15), "the client told");
        var status = await pair.Client.GetStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)status["pendingUploads"]!, Is.EqualTo(270), status.ToJsonString());
            Assert.That((string?)status["lastError"], Does.Contain("held by the mass-delete guard"));
            Assert.That(pair.Folder.HeldDeletes, Is.EqualTo(270));
            Assert.That(pair.Folder.HeldDeletesReason, Does.Contain("270 of 300").And.Contain("by client0"));
            Assert.That(pair.Folder.Sequence, Is.EqualTo(sequence), "nothing recorded");
            Assert.That(Directory.GetFiles(pair.ServerPath), Has.Length.EqualTo(300), "nothing deleted on the server");
            Assert.That(Directory.GetFiles(pair.LocalRoot(1)), Has.Length.EqualTo(300), "nothing deleted on the other client");
            Assert.That(pair.LogOf("server").Any(l => l.Contains("not propagating deletes", StringComparison.Ordinal)));
        });

        int confirmed = await pair.Folder.ConfirmDeletesAsync();
        await Eventually.TrueAsync(() => Directory.GetFiles(pair.LocalRoot(1)).Length == 30, TimeSpan.FromSeconds(30), "the confirmed deletes on the other client");
        await Task.WhenAll(pair.IdleAsync(0), pair.IdleAsync(1));
        Assert.Multiple(() =>
        {
            Assert.That(confirmed, Is.EqualTo(270));
            Assert.That(Directory.GetFiles(pair.ServerPath), Has.Length.EqualTo(30));
            Assert.That(Directory.GetFiles(pair.ClientPath), Has.Length.EqualTo(30), "the deleting client stays as it is");
            Assert.That(pair.Folder.HeldDeletes, Is.Zero);
            Assert.That(pair.Folder.HeldDeletesReason, Is.Null);
        });
    }

    [Test]
    public async Task AFullClientPuttingItsFilesBackReleasesItsHeldDeletes()
    {
        await using var pair = await SyncedPairAsync(AccessMode.Full, clients: 2, files: 200);
        var contents = Enumerable.Range(0, 150).ToDictionary(i => pair.Local($"f{i:D3}.txt"), i => File.ReadAllText(pair.Local($"f{i:D3}.txt")));
        foreach (var file in contents.Keys)
        {
            File.Delete(file);
        }

        await Eventually.TrueAsync(() => pair.Folder.HeldDeletesReason is not null, TimeSpan.FromSeconds(15), "the client's deletes held");

        // Put back once the client was told they are held (the harder case: the ACKs are in, nothing is in flight).
        await Eventually.TrueAsync(async () => (int)(await pair.Client.GetStatusAsync())["problems"]!["count"]! == 150, TimeSpan.FromSeconds(15), "the client told");
        foreach (var (file, content) in contents)
        {
            File.WriteAllText(file, content);
        }

        await Eventually.TrueAsync(() => pair.Folder.HeldDeletes == 0 && pair.Folder.HeldDeletesReason is null, TimeSpan.FromSeconds(20), "the guard released");
        await Task.WhenAll(pair.IdleAsync(0), pair.IdleAsync(1));
        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(pair.ServerPath), Has.Length.EqualTo(200));
            Assert.That(Directory.GetFiles(pair.LocalRoot(1)), Has.Length.EqualTo(200));
        });

        // Released, not merely waiting: a later confirm finds nothing to delete.
        Assert.That(await pair.Folder.ConfirmDeletesAsync(), Is.Zero);
        Assert.That(Directory.GetFiles(pair.ServerPath), Has.Length.EqualTo(200));
    }

    [Test]
    public async Task AFullClientsSingleDeleteGoesOutWithoutTheSettleWindow()
    {
        await using var pair = await SyncedPairAsync(AccessMode.Full, clients: 2, files: 200);
        var deleted = System.Diagnostics.Stopwatch.StartNew();
        File.Delete(pair.Local("f007.txt"));
        await Eventually.GoneAsync(pair.Server("f007.txt"));
        var serverLatency = deleted.Elapsed;
        await Eventually.GoneAsync(pair.Local("f007.txt", client: 1));
        Assert.Multiple(() =>
        {
            Assert.That(pair.Folder.HeldDeletes, Is.Zero);

            // The client's own debounce (50 ms here) plus the guard's grace (50 ms), not its half-second quiet window.
            Assert.That(serverLatency, Is.LessThan(TimeSpan.FromMilliseconds(500)), "the delete waited for the settle window");
        });
    }

    /// <summary>
    /// A server folder of <paramref name="files"/> one-line files (<c>f000.txt</c> on, four digits from 1,000 files) and
    /// <paramref name="clients"/> clients in sync with it.
    /// </summary>
    private static async Task<EnginePair> SyncedPairAsync(AccessMode access = AccessMode.EditOnly, int clients = 1, int files = 200)
    {
        var pair = new EnginePair(access, logLevel: LogLevel.Warning);
        string digits = files >= 1000 ? "D4" : "D3";
        for (int i = 0; i < files; i++)
        {
            File.WriteAllText(pair.Server($"f{i.ToString(digits, CultureInfo.InvariantCulture)}.txt"), $"file {i}\n");
        }

        await pair.StartServerAsync();
        var all = Enumerable.Range(0, clients).ToList();
        foreach (int client in all)
        {
            await pair.StartClientAsync(client);
        }

        await Eventually.TrueAsync(() => all.All(c => Directory.GetFiles(pair.LocalRoot(c)).Length == files), TimeSpan.FromSeconds(60), "the first sync");
        await Task.WhenAll(all.Select(pair.IdleAsync));
        return pair;
    }
}
