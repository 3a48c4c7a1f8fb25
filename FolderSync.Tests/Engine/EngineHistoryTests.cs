using FolderSync.Common.Protocol;
using FolderSync.Server.History;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>History, merge and restore with real engines: concurrent edits of different lines merge, the same line conflicts.</summary>
[TestFixture]
public sealed class EngineHistoryTests
{
    private const string Base = "alpha\nbravo\ncharlie\ndelta\necho\n";

    [Test]
    public async Task TwoClientsEditingDifferentLinesOfflineBothEndWithBothEditsAndNoConflictCopy()
    {
        await using var pair = await TwoOfflineClientsAsync();
        File.WriteAllText(pair.Local("notes.txt", 0), "ALPHA by 0\nbravo\ncharlie\ndelta\necho\n");
        File.WriteAllText(pair.Local("notes.txt", 1), "alpha\nbravo\ncharlie\ndelta\nECHO by 1\n");

        await pair.StartClientAsync(0);
        await Eventually.FileHasAsync(pair.Server("notes.txt"), "ALPHA by 0\nbravo\ncharlie\ndelta\necho\n");
        await pair.StartClientAsync(1);

        const string merged = "ALPHA by 0\nbravo\ncharlie\ndelta\nECHO by 1\n";
        await Eventually.FileHasAsync(pair.Server("notes.txt"), merged);
        await Eventually.FileHasAsync(pair.Local("notes.txt", 0), merged);
        await Eventually.FileHasAsync(pair.Local("notes.txt", 1), merged);
        await pair.IdleAsync(0);
        await pair.IdleAsync(1);
        await Eventually.TrueAsync(() => pair.Folder.PendingHistory == 0, TimeSpan.FromSeconds(10), "history written");

        var versions = pair.Folder.History.Versions("notes.txt");
        Assert.Multiple(() =>
        {
            Assert.That(ConflictCopies(pair.ServerPath), Is.Empty, "a clean merge leaves no conflict copy");
            Assert.That(ConflictCopies(pair.LocalRoot(0)).Concat(ConflictCopies(pair.LocalRoot(1))), Is.Empty);
            Assert.That(pair.Folder.OpenConflicts(), Is.Empty);
            Assert.That(versions[0].Entry.Note, Is.EqualTo("merged"));
            Assert.That(versions[0].Entry.Origin, Is.EqualTo("client1"), "the merge is authored by the client whose upload made it");
            Assert.That(versions.Any(v => v.Entry.Note == "merge-input" && v.Entry.Origin == "client1" && v.Stored), "the upload is kept as a merge input");
            Assert.That(versions.Any(v => v.Entry.Origin == "client0" && v.Stored), "the first client's version is kept");
            Assert.That(pair.LogOf("server").Any(l => l.Contains("merged client1's edit", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task TheSameLineEditedTwiceGivesOneRegisteredConflictClosedWhenTheCopyIsDeleted()
    {
        await using var pair = await TwoOfflineClientsAsync();
        File.WriteAllText(pair.Local("notes.txt", 0), "alpha\nbravo by 0\ncharlie\ndelta\necho\n");
        File.WriteAllText(pair.Local("notes.txt", 1), "alpha\nbravo by 1\ncharlie\ndelta\necho\n");

        await pair.StartClientAsync(0);
        await Eventually.FileHasAsync(pair.Server("notes.txt"), "alpha\nbravo by 0\ncharlie\ndelta\necho\n");
        await pair.StartClientAsync(1);

        await Eventually.TrueAsync(() => ConflictCopies(pair.ServerPath).Count() == 1, TimeSpan.FromSeconds(10), "one conflict copy on the server");
        await pair.IdleAsync(1);
        var conflict = pair.Folder.OpenConflicts().Single();
        string copy = ConflictCopies(pair.ServerPath).Single();
        Assert.Multiple(() =>
        {
            Assert.That(conflict.Path, Is.EqualTo("notes.txt"));
            Assert.That(conflict.CopyPath, Is.EqualTo(System.IO.Path.GetFileName(copy)));
            Assert.That(new[] { conflict.WinnerOrigin, conflict.LoserOrigin }, Is.EquivalentTo(new[] { "client0", "client1" }));
        });

        File.Delete(copy);
        await Eventually.TrueAsync(() => pair.Folder.OpenConflicts().Count == 0, TimeSpan.FromSeconds(10), "the conflict closed with its copy");
    }

    [Test]
    public async Task ResolvingKeepingTheCopyPutsItsContentInPlaceEverywhereAndRemovesTheCopy()
    {
        await using var pair = await TwoOfflineClientsAsync();
        File.WriteAllText(pair.Local("notes.txt", 0), "alpha\nbravo by 0\ncharlie\ndelta\necho\n");
        File.WriteAllText(pair.Local("notes.txt", 1), "alpha\nbravo by 1\ncharlie\ndelta\necho\n");
        await pair.StartClientAsync(0);
        await Eventually.FileHasAsync(pair.Server("notes.txt"), "alpha\nbravo by 0\ncharlie\ndelta\necho\n");
        await pair.StartClientAsync(1);
        await Eventually.TrueAsync(() => pair.Folder.OpenConflicts().Count == 1, TimeSpan.FromSeconds(10), "the conflict registered");
        string loser = File.ReadAllText(ConflictCopies(pair.ServerPath).Single());

        int resolved = await pair.Folder.ResolveAsync(PathOf("notes.txt"), ConflictKeep.Copy, "server");

        await Eventually.FileHasAsync(pair.Local("notes.txt", 0), loser);
        await Eventually.FileHasAsync(pair.Local("notes.txt", 1), loser);
        await Eventually.TrueAsync(() => !ConflictCopies(pair.LocalRoot(0)).Any() && !ConflictCopies(pair.LocalRoot(1)).Any(), TimeSpan.FromSeconds(10), "the copy gone from the clients");
        Assert.Multiple(() =>
        {
            Assert.That(resolved, Is.EqualTo(1));
            Assert.That(File.ReadAllText(pair.Server("notes.txt")), Is.EqualTo(loser));
            Assert.That(ConflictCopies(pair.ServerPath), Is.Empty);
            Assert.That(pair.Folder.OpenConflicts(), Is.Empty);
        });
    }

    [Test]
    public async Task HistoryRecordsHostEditsUploadsAndDeletesWithTheirOrigins()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("log.txt"), "one\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("log.txt"), "one\n");
        await pair.IdleAsync();

        File.WriteAllText(pair.Server("log.txt"), "two\n");
        await Eventually.FileHasAsync(pair.Local("log.txt"), "two\n");
        await pair.IdleAsync();
        File.WriteAllText(pair.Local("log.txt"), "three\n");
        await Eventually.FileHasAsync(pair.Server("log.txt"), "three\n");
        await pair.IdleAsync();

        // History reads a version off the loop, shortly after it is written; one deleted before that keeps its row only.
        await Eventually.TrueAsync(() => pair.Folder.History.Versions("log.txt").Count == 3 && pair.Folder.PendingHistory == 0, TimeSpan.FromSeconds(30), "the upload in history");
        File.Delete(pair.Server("log.txt"));
        await Eventually.GoneAsync(pair.Local("log.txt"));
        await Eventually.TrueAsync(() => pair.Folder.PendingHistory == 0 && pair.Folder.History.Versions("log.txt").Count == 4, TimeSpan.FromSeconds(30), "four history rows");

        var rows = pair.Folder.History.Versions("log.txt").Reverse().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (r.Entry.Kind, r.Entry.Origin)), Is.EqualTo(new[]
            {
                (HistoryKind.Content, "server"), (HistoryKind.Content, "server"), (HistoryKind.Content, "client0"), (HistoryKind.Deleted, "server"),
            }));
            Assert.That(rows.Select(r => r.Entry.Sequence), Is.Ordered.Ascending);
            Assert.That(rows.Take(3).All(r => r.Stored), "every content version is stored");
            Assert.That(Content(pair, rows[2]), Is.EqualTo("three\n"));
            Assert.That(pair.Folder.History.Deleted().Select(d => d.Entry.Path), Does.Contain("log.txt"));
        });
    }

    [Test]
    public async Task ADeletedFileRestoredFromHistoryReachesTheClient()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("gone.txt"), "precious\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("gone.txt"), "precious\n");
        File.Delete(pair.Server("gone.txt"));
        await Eventually.GoneAsync(pair.Local("gone.txt"));
        await Eventually.TrueAsync(() => pair.Folder.PendingHistory == 0 && pair.Folder.History.Deleted().Count == 1, TimeSpan.FromSeconds(10), "the delete in history");

        var version = pair.Folder.History.Versions("gone.txt").First(v => v.Entry.Kind == HistoryKind.Content);
        var missing = await pair.Folder.RestoreAsync(PathOf("gone.txt"), version.Id + 1000, null, "server");
        var result = await pair.Folder.RestoreAsync(PathOf("gone.txt"), version.Id, null, "server");

        await Eventually.FileHasAsync(pair.Local("gone.txt"), "precious\n");
        await pair.IdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(missing.Restored, Is.False);
            Assert.That(missing.Error, Does.Contain("no stored version"));
            Assert.That(result.Restored, Is.True, result.Error);
            Assert.That(File.ReadAllText(pair.Server("gone.txt")), Is.EqualTo("precious\n"));
            Assert.That(result.Sequence, Is.EqualTo(pair.Folder.Sequence));
        });
        await Eventually.TrueAsync(() => pair.Folder.PendingHistory == 0 && pair.Folder.History.Deleted().Count == 0, TimeSpan.FromSeconds(10), "the restore in history");
        Assert.That(pair.Folder.History.Versions("gone.txt")[0].Entry.Note, Does.StartWith("restored from version"));
    }

    /// <summary>Two clients hold <see cref="Base"/>, its content in history, and are stopped.</summary>
    private static async Task<EnginePair> TwoOfflineClientsAsync()
    {
        var pair = new EnginePair();
        File.WriteAllText(pair.Server("notes.txt"), Base);
        await pair.StartServerAsync();
        await pair.StartClientAsync(0);
        await pair.StartClientAsync(1);
        await Eventually.FileHasAsync(pair.Local("notes.txt", 0), Base);
        await Eventually.FileHasAsync(pair.Local("notes.txt", 1), Base);
        await pair.IdleAsync(0);
        await pair.IdleAsync(1);
        await Eventually.TrueAsync(() => pair.Folder.PendingHistory == 0, TimeSpan.FromSeconds(10), "the base in history");
        await pair.StopClientAsync(0);
        await pair.StopClientAsync(1);
        return pair;
    }

    private static string Content(EnginePair pair, HistoryVersion version)
    {
        using var buffer = new MemoryStream();
        Assert.That(pair.Folder.History.CopyContent(version.Entry.Sha256, buffer), Is.True);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static RelativePath PathOf(string value) => RelativePath.TryParse(value, out var path) ? path : throw new ArgumentException(value);

    private static IEnumerable<string> ConflictCopies(string root) =>
        Directory.EnumerateFiles(root).Where(f => System.IO.Path.GetFileName(f).Contains(".sync-conflict-", StringComparison.Ordinal));
}
