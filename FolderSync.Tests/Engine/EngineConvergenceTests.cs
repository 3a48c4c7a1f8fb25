using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>Whole-tree changes on the server (tools, many files, several clients) end with identical folders.</summary>
[TestFixture]
public sealed class EngineConvergenceTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [Test]
    public async Task ReadOnlyClientRevertsEditsIntoTrashAndKeepsCreatesLocal()
    {
        await using var pair = new EnginePair(AccessMode.ReadOnly);
        File.WriteAllText(pair.Server("a.txt"), "server\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("a.txt"), "server\n");
        await pair.IdleAsync();
        long sequence = pair.Folder.Sequence;

        File.WriteAllText(pair.Local("a.txt"), "local edit\n");
        File.WriteAllText(pair.Local("mine.txt"), "local create\n");

        await Eventually.FileHasAsync(pair.Local("a.txt"), "server\n");
        string trash = Path.Combine(pair.StateDir(), "trash");
        await Eventually.TrueAsync(() => Directory.Exists(trash) && Directory.EnumerateFiles(trash, "a.txt", SearchOption.AllDirectories).Any(f => File.ReadAllText(f) == "local edit\n"),
            TimeSpan.FromSeconds(10), "the reverted edit kept in the client's trash");
        await pair.IdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(pair.Local("mine.txt")), Is.EqualTo("local create\n"), "a local create stays on the client");
            Assert.That(File.Exists(pair.Server("mine.txt")), Is.False, "a ReadOnly client creates nothing on the server");
            Assert.That(File.ReadAllText(pair.Server("a.txt")), Is.EqualTo("server\n"));
            Assert.That(pair.Folder.Sequence, Is.EqualTo(sequence), "nothing from a ReadOnly client changes the server");
        });
    }

    [Test]
    public async Task ServerDirectoryCreatesMovesAndDeletesWithFilesInside()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("top.txt"), "top\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("top.txt"), "top\n");

        // A directory made elsewhere and moved in arrives as one rename: its content must be found by a scan.
        string staging = Path.Combine(pair.Root, "staging");
        WriteTree(staging, "in", 12);
        Directory.Move(staging, pair.Server("incoming"));
        for (int i = 0; i < 5; i++)
        {
            WriteFile(pair.Server($"made/deep/er/f{i}.txt"), $"made {i}\n");
        }

        await ConvergedAsync(pair);
        Assert.That(File.ReadAllText(pair.Local("incoming/d0/in5.txt")), Is.EqualTo("in 5\n"));

        Directory.Move(pair.Server("incoming"), pair.Server("made/moved"));
        await ConvergedAsync(pair);
        Assert.That(Directory.Exists(pair.Local("incoming")), Is.False);
        Assert.That(File.ReadAllText(pair.Local("made/moved/d0/in5.txt")), Is.EqualTo("in 5\n"));

        Directory.Delete(pair.Server("made/deep"), recursive: true);
        await ConvergedAsync(pair);
        Assert.That(Directory.Exists(pair.Local("made/deep")), Is.False);

        Directory.Delete(pair.Server("made"), recursive: true);
        await ConvergedAsync(pair);
        Assert.That(Directory.Exists(pair.Local("made")), Is.False);
    }

    [Test]
    public async Task GitCheckoutOfAnotherBranchConverges()
    {
        if (!EngineProcess.IsInstalled("git"))
        {
            Assert.Ignore("git is not installed");
        }

        await using var pair = new EnginePair();
        string repo = pair.ServerPath;
        Git(repo, "init", "-q", "-b", "main");
        for (int i = 0; i < 40; i++)
        {
            WriteFile(Path.Combine(repo, $"src/m{i % 5}/f{i}.txt"), $"main {i}\n");
        }

        for (int i = 0; i < 10; i++)
        {
            WriteFile(Path.Combine(repo, $"old/o{i}.txt"), $"old {i}\n");
        }

        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "main");
        Git(repo, "checkout", "-q", "-b", "other");
        for (int i = 0; i < 20; i++)
        {
            WriteFile(Path.Combine(repo, $"src/m{i % 5}/f{i}.txt"), $"other {i}, edited on the branch\n");
        }

        Directory.Delete(Path.Combine(repo, "old"), recursive: true);
        for (int i = 35; i < 40; i++)
        {
            File.Delete(Path.Combine(repo, $"src/m{i % 5}/f{i}.txt"));
        }

        for (int i = 0; i < 15; i++)
        {
            WriteFile(Path.Combine(repo, $"added/a{i % 3}/n{i}.txt"), $"added {i}\n");
        }

        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "other");
        Git(repo, "checkout", "-q", "main");

        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await ConvergedAsync(pair);
        Assert.That(File.Exists(pair.Local("old/o3.txt")), Is.True, "the client starts on main");

        Git(repo, "checkout", "-q", "other");
        Assert.That(File.Exists(pair.Server("added/a1/n4.txt")), Is.True, "git switched the server folder");
        await ConvergedAsync(pair);
        Assert.That(Directory.Exists(pair.Local("old")), Is.False, "a directory git removed is gone on the client");

        Git(repo, "checkout", "-q", "main");
        await ConvergedAsync(pair);
        Assert.That(Directory.Exists(pair.Local("added")), Is.False);
    }

    [Test]
    public async Task TarExtractIntoTheServerFolderConverges()
    {
        if (!EngineProcess.IsInstalled("tar"))
        {
            Assert.Ignore("tar is not installed");
        }

        await using var pair = new EnginePair();
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await pair.IdleAsync();
        string staging = Path.Combine(pair.Root, "staging");
        WriteTree(staging, "tar", 60);
        string archive = Path.Combine(pair.Root, "tree.tar");
        EngineProcess.Run(pair.Root, "tar", "-cf", archive, "-C", staging, ".");

        EngineProcess.Run(pair.Root, "tar", "-xf", archive, "-C", pair.ServerPath);

        await ConvergedAsync(pair);
        Assert.That(EngineTreeSnapshot.Take(pair.ClientPath), Has.Count.EqualTo(60 + 5), "60 files in 5 directories");
    }

    [Test]
    public async Task ThreeClientsOnOneFolderAllConverge()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("shared.txt"), "v1\n");
        File.WriteAllText(pair.Server("other.txt"), "o1\n");
        await pair.StartServerAsync();
        for (int client = 0; client < 3; client++)
        {
            await pair.StartClientAsync(client);
        }

        for (int client = 0; client < 3; client++)
        {
            await Eventually.FileHasAsync(pair.Local("shared.txt", client), "v1\n");
            await pair.IdleAsync(client);
        }

        File.WriteAllText(pair.Local("shared.txt", 1), "v2 from client 1\n");
        await Eventually.FileHasAsync(pair.Server("shared.txt"), "v2 from client 1\n");
        await Eventually.FileHasAsync(pair.Local("shared.txt", 0), "v2 from client 1\n");
        await Eventually.FileHasAsync(pair.Local("shared.txt", 2), "v2 from client 1\n");

        File.WriteAllText(pair.Local("other.txt", 2), "o2 from client 2\n");
        File.WriteAllText(pair.Server("new.txt"), "new on the server\n");
        for (int client = 0; client < 3; client++)
        {
            await ConvergedAsync(pair, client);
        }

        Assert.That(File.ReadAllText(pair.Local("other.txt", 0)), Is.EqualTo("o2 from client 2\n"));
    }

    /// <summary>Waits until the client's tree equals the server's, then checks it stays so once the client is idle.</summary>
    internal static async Task ConvergedAsync(EnginePair pair, int client = 0)
    {
        string difference = string.Empty;
        await Eventually.TrueAsync(() => (difference = EngineTreeSnapshot.Difference(pair.ServerPath, pair.LocalRoot(client))).Length == 0,
            Settle, $"client {client} to hold the server's tree (last: {difference})");
        await pair.IdleAsync(client);
        Assert.That(EngineTreeSnapshot.Difference(pair.ServerPath, pair.LocalRoot(client)), Is.Empty, $"client {client} still holds the server's tree once idle");
    }

    internal static void WriteFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary><paramref name="count"/> files named <c>d{i % 5}/{prefix}{i}.txt</c>.</summary>
    private static void WriteTree(string root, string prefix, int count)
    {
        for (int i = 0; i < count; i++)
        {
            WriteFile(Path.Combine(root, $"d{i % 5}/{prefix}{i}.txt"), $"{prefix} {i}\n");
        }
    }

    private static void Git(string repo, params string[] arguments) =>
        EngineProcess.Run(repo, "git", ["-c", "user.name=FolderSync Tests", "-c", "user.email=tests@foldersync.invalid", "-c", "commit.gpgsign=false", .. arguments]);
}
