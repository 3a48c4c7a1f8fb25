using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>A server folder and a client engine over loopback TCP converge, as DESIGN §2–§4 say they must.</summary>
[TestFixture]
public sealed class EngineSyncTests
{
    [Test]
    public async Task FirstSyncBringsServerFilesToAnEmptyClient()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("a.txt"), "alpha\n");
        Directory.CreateDirectory(pair.Server("dir/sub"));
        File.WriteAllText(pair.Server("dir/sub/b.txt"), "beta\n");
        File.WriteAllBytes(pair.Server("binary.bin"), [0, 1, 2, 0]);
        File.WriteAllText(pair.Server(".hidden"), "secret\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();

        await Eventually.FileHasAsync(pair.Local("a.txt"), "alpha\n");
        await Eventually.FileHasAsync(pair.Local("dir/sub/b.txt"), "beta\n");
        await pair.IdleAsync();
        var progress = (await pair.Client.GetStatusAsync())["progress"]!;
        Assert.That(((int)progress["filesDone"]!, (int)progress["filesTotal"]!, (long)progress["bytesDone"]!), Is.EqualTo((2, 2, 11L)), "first-sync progress");
        Assert.That(File.Exists(pair.Local("binary.bin")), Is.False, "binary files are never synced");
        Assert.That(File.Exists(pair.Local(".hidden")), Is.False, "hidden files are never synced");
    }

    [Test]
    public async Task EditsTravelBothWays()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("notes.txt"), "v1\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("notes.txt"), "v1\n");
        await pair.IdleAsync();

        File.WriteAllText(pair.Local("notes.txt"), "v2 from the client\n");
        await Eventually.FileHasAsync(pair.Server("notes.txt"), "v2 from the client\n");

        File.WriteAllText(pair.Server("notes.txt"), "v3 from the server\n");
        await Eventually.FileHasAsync(pair.Local("notes.txt"), "v3 from the server\n");
        await pair.IdleAsync();
    }

    [Test]
    public async Task ServerStructureChangesReachTheClient()
    {
        await using var pair = new EnginePair();
        Directory.CreateDirectory(pair.Server("docs"));
        File.WriteAllText(pair.Server("docs/one.txt"), "one\n");
        File.WriteAllText(pair.Server("gone.txt"), "bye\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("docs/one.txt"), "one\n");
        await pair.IdleAsync();

        File.Delete(pair.Server("gone.txt"));
        Directory.Move(pair.Server("docs"), pair.Server("papers"));
        File.WriteAllText(pair.Server("new.txt"), "new\n");

        await Eventually.GoneAsync(pair.Local("gone.txt"));
        await Eventually.FileHasAsync(pair.Local("papers/one.txt"), "one\n");
        await Eventually.GoneAsync(pair.Local("docs"));
        await Eventually.FileHasAsync(pair.Local("new.txt"), "new\n");
    }

    [Test]
    public async Task EditOnlyClientKeepsCreatesLocalAndRestoresDeletes()
    {
        await using var pair = new EnginePair(AccessMode.EditOnly);
        File.WriteAllText(pair.Server("kept.txt"), "keep me\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("kept.txt"), "keep me\n");
        await pair.IdleAsync();

        File.WriteAllText(pair.Local("mine.txt"), "local only\n");
        File.Delete(pair.Local("kept.txt"));

        await Eventually.FileHasAsync(pair.Local("kept.txt"), "keep me\n");
        await Eventually.TrueAsync(async () => (int)(await pair.Client.GetStatusAsync())["localOnly"]!["count"]! == 1, TimeSpan.FromSeconds(10), "mine.txt listed as local-only");
        await pair.IdleAsync();
        Assert.That(File.Exists(pair.Server("mine.txt")), Is.False, "an EditOnly client's create never reaches the server");
    }

    [Test]
    public async Task FullClientPropagatesCreatesDeletesAndDirectories()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        File.WriteAllText(pair.Server("old.txt"), "old\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("old.txt"), "old\n");
        await pair.IdleAsync();

        Directory.CreateDirectory(pair.Local("made/here"));
        File.WriteAllText(pair.Local("made/here/file.txt"), "created on the client\n");
        File.Delete(pair.Local("old.txt"));

        await Eventually.FileHasAsync(pair.Server("made/here/file.txt"), "created on the client\n");
        await Eventually.GoneAsync(pair.Server("old.txt"));
        var trashed = Directory.EnumerateFiles(Path.Combine(pair.Root, "server-state", "trash"), "old.txt", SearchOption.AllDirectories);
        Assert.That(trashed.Select(File.ReadAllText), Does.Contain("old\n"), "a delete from a client keeps the server's copy in its trash");
    }

    [Test]
    public async Task ConcurrentEditsKeepBothVersions()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("shared.txt"), "base\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("shared.txt"), "base\n");
        await pair.IdleAsync();
        await pair.StopClientAsync();

        File.WriteAllText(pair.Server("shared.txt"), "server edit\n");
        File.SetLastWriteTimeUtc(pair.Server("shared.txt"), DateTime.UtcNow.AddMinutes(-5));
        File.WriteAllText(pair.Local("shared.txt"), "client edit\n");
        await Eventually.TrueAsync(() => pair.Folder.Sequence >= 2, TimeSpan.FromSeconds(10), "the server to record its edit");
        await pair.StartClientAsync();

        // The client's edit is newer: it wins; the server's version is kept as a conflict copy on both sides.
        await Eventually.FileHasAsync(pair.Server("shared.txt"), "client edit\n");
        await Eventually.TrueAsync(() => ConflictCopies(pair.ServerPath).Any(f => File.ReadAllText(f) == "server edit\n"), TimeSpan.FromSeconds(10), "a server conflict copy");
        await Eventually.TrueAsync(() => ConflictCopies(pair.ClientPath).Any(f => File.ReadAllText(f) == "server edit\n"), TimeSpan.FromSeconds(10), "the conflict copy on the client");
        Assert.That(File.ReadAllText(pair.Local("shared.txt")), Is.EqualTo("client edit\n"));
    }

    [Test]
    public async Task OfflineChangesOnBothSidesConvergeOnReconnect()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("a.txt"), "a1\n");
        File.WriteAllText(pair.Server("b.txt"), "b1\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("b.txt"), "b1\n");
        await pair.IdleAsync();
        await pair.StopClientAsync();

        File.WriteAllText(pair.Local("a.txt"), "a2 offline on the client\n");
        File.WriteAllText(pair.Server("b.txt"), "b2 offline on the server\n");
        File.WriteAllText(pair.Server("c.txt"), "c new on the server\n");
        await Eventually.TrueAsync(() => pair.Folder.Sequence >= 4, TimeSpan.FromSeconds(10), "the server to record its edits");
        await pair.StartClientAsync();

        await Eventually.FileHasAsync(pair.Server("a.txt"), "a2 offline on the client\n");
        await Eventually.FileHasAsync(pair.Local("b.txt"), "b2 offline on the server\n");
        await Eventually.FileHasAsync(pair.Local("c.txt"), "c new on the server\n");
    }

    [Test]
    public async Task ServerSaveByRenameOverReachesTheClient()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("config.txt"), "old\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("config.txt"), "old\n");

        // What sed -i and most IDEs do: write a temp file with an ordinary name, rename it over the target.
        File.WriteAllText(pair.Server("sedAb12Cd"), "new\n");
        File.Move(pair.Server("sedAb12Cd"), pair.Server("config.txt"), overwrite: true);

        await Eventually.FileHasAsync(pair.Local("config.txt"), "new\n");
        await pair.IdleAsync();
        Assert.That(File.Exists(pair.Local("sedAb12Cd")), Is.False, "the temp file never reaches the client");
    }

    [Test]
    public async Task AnEmptiedServerRootHaltsInsteadOfDeletingEverywhere()
    {
        await using var pair = new EnginePair();
        pair.Invariants.Waive(Invariant.Converged, "the halted server keeps the client's files while its own root is empty: that divergence is the point");
        for (int i = 0; i < 12; i++)
        {
            File.WriteAllText(pair.Server($"f{i}.txt"), $"file {i}\n");
        }

        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("f11.txt"), "file 11\n");
        await pair.IdleAsync();
        await pair.StopClientAsync();
        await pair.StopServerAsync();

        // What an unmounted disk looks like: the mount point is there, and empty.
        Directory.Move(pair.ServerPath, pair.ServerPath + ".unmounted");
        Directory.CreateDirectory(pair.ServerPath);
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await pair.IdleAsync();

        Assert.That(pair.Folder.HaltReason, Does.Contain("empty"));
        Assert.That(Directory.GetFiles(pair.ClientPath), Has.Length.EqualTo(12), "no client file was deleted");
    }

    private static IEnumerable<string> ConflictCopies(string root) =>
        Directory.EnumerateFiles(root).Where(f => Path.GetFileName(f).Contains(".sync-conflict-", StringComparison.Ordinal));
}
