using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>Both sides changed the same path: the server decides, and no edit is lost.</summary>
[TestFixture]
public sealed class EngineConflictTests
{
    [Test]
    public async Task ServerWinsATieOfEqualModificationTimes()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("shared.txt"), "base\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("shared.txt"), "base\n");
        await pair.IdleAsync();
        await pair.StopClientAsync();

        var sameTime = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        File.WriteAllText(pair.Server("shared.txt"), "server edit\n");
        File.SetLastWriteTimeUtc(pair.Server("shared.txt"), sameTime);
        File.WriteAllText(pair.Local("shared.txt"), "client edit\n");
        File.SetLastWriteTimeUtc(pair.Local("shared.txt"), sameTime);
        await Eventually.TrueAsync(() => pair.Folder.Sequence >= 2, TimeSpan.FromSeconds(10), "the server to record its edit");
        await pair.StartClientAsync();

        await Eventually.TrueAsync(() => ConflictCopies(pair.ServerPath).Any(f => File.ReadAllText(f) == "client edit\n"), TimeSpan.FromSeconds(10), "the client's version kept as a conflict copy on the server");
        await Eventually.FileHasAsync(pair.Local("shared.txt"), "server edit\n");
        await Eventually.TrueAsync(() => ConflictCopies(pair.ClientPath).Any(f => File.ReadAllText(f) == "client edit\n"), TimeSpan.FromSeconds(10), "the conflict copy on the client");
        await pair.IdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(pair.Server("shared.txt")), Is.EqualTo("server edit\n"), "the server wins the tie");
            Assert.That(ConflictCopies(pair.ServerPath).Single(), Does.Contain("client0"), "the copy is named after the loser");
        });
    }

    [Test]
    public async Task AnEditBeatsADeleteThatRacedIt()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("doc.txt"), "v1\n");
        File.WriteAllText(pair.Server("other.txt"), "other\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("doc.txt"), "v1\n");
        await pair.IdleAsync();
        await pair.StopClientAsync();

        File.WriteAllText(pair.Local("doc.txt"), "v2 edited offline\n");
        File.Delete(pair.Server("doc.txt"));
        await Eventually.TrueAsync(() => pair.Folder.Sequence >= 3, TimeSpan.FromSeconds(10), "the server to record the delete");
        await pair.StartClientAsync();

        await Eventually.FileHasAsync(pair.Server("doc.txt"), "v2 edited offline\n");
        await pair.IdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(pair.Local("doc.txt")), Is.EqualTo("v2 edited offline\n"));
            Assert.That(ConflictCopies(pair.ServerPath), Is.Empty, "an edit over a delete is no conflict");
            Assert.That(ConflictCopies(pair.ClientPath), Is.Empty);
        });
    }

    private static IEnumerable<string> ConflictCopies(string root) =>
        Directory.EnumerateFiles(root).Where(f => Path.GetFileName(f).Contains(".sync-conflict-", StringComparison.Ordinal));
}
