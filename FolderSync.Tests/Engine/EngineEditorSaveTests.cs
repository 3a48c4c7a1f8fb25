using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>
/// How editors and tools save: every pattern that ends with the same path holding new content is an edit
/// that reaches the server, never a refused create plus a restore, and their temp files never arrive there.
/// </summary>
[TestFixture]
public sealed class EngineEditorSaveTests
{
    private const string Original = "line1\n";
    private const string Edited = "line1\nedited\n";

    [Test]
    public Task WriteTempThenRenameOver() => EditOnlySaveAsync(
        file =>
        {
            File.WriteAllText(file + ".saving", Edited);
            File.Move(file + ".saving", file, overwrite: true);
        },
        Edited);

    [Test]
    public Task VimPatternEmulated() => EditOnlySaveAsync(
        file =>
        {
            File.Move(file, file + "~");
            File.WriteAllText(file, Edited);
            File.Delete(file + "~");
        },
        Edited);

    [Test]
    public Task RealVim()
    {
        if (!EngineProcess.IsInstalled("vim"))
        {
            Assert.Ignore("vim is not installed");
        }

        return EditOnlySaveAsync(file => RunVim(file, "normal Goedited"), Edited);
    }

    [Test]
    public Task TruncateThenRewriteInPlace() => EditOnlySaveAsync(
        file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
            stream.SetLength(0);
            stream.Flush(flushToDisk: true);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(Edited));
        },
        Edited);

    [Test]
    public Task RealSedInPlace()
    {
        if (!EngineProcess.IsInstalled("sed"))
        {
            Assert.Ignore("sed is not installed");
        }

        return EditOnlySaveAsync(file => EngineProcess.Run(Path.GetDirectoryName(file)!, "sed", "-i", "s/line1/line1\\nedited/", Path.GetFileName(file)), Edited);
    }

    [Test]
    public async Task SedInPlaceOnAFullClientLeavesNoTempFileOnTheServer()
    {
        if (!EngineProcess.IsInstalled("sed"))
        {
            Assert.Ignore("sed is not installed");
        }

        await using var pair = new EnginePair(AccessMode.Full);
        File.WriteAllText(pair.Server("notes.txt"), Original);
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("notes.txt"), Original);
        await pair.IdleAsync();

        for (int i = 0; i < 5; i++)
        {
            EngineProcess.Run(pair.ClientPath, "sed", "-i", $"s/$/ {i}/", "notes.txt");
        }

        string expected = "line1 0 1 2 3 4\n";
        await Eventually.FileHasAsync(pair.Server("notes.txt"), expected);
        await pair.IdleAsync();
        Assert.That(Directory.EnumerateFileSystemEntries(pair.ServerPath).Select(Path.GetFileName), Is.EquivalentTo(new[] { "notes.txt" }), "only the edited file is on the server");
        Assert.That(File.ReadAllText(pair.Local("notes.txt")), Is.EqualTo(expected));
    }

    private static async Task EditOnlySaveAsync(Action<string> save, string expected)
    {
        await using var pair = new EnginePair(AccessMode.EditOnly);
        File.WriteAllText(pair.Server("notes.txt"), Original);
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("notes.txt"), Original);
        await pair.IdleAsync();

        save(pair.Local("notes.txt"));

        await Eventually.FileHasAsync(pair.Server("notes.txt"), expected);
        await pair.IdleAsync();
        var client = pair.LogOf("client0");
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(pair.Local("notes.txt")), Is.EqualTo(expected), "the client keeps its edit");
            Assert.That(Directory.EnumerateFileSystemEntries(pair.ServerPath).Select(Path.GetFileName), Is.EquivalentTo(new[] { "notes.txt" }), "no temp file reached the server");
            Assert.That(client.Where(l => l.Contains("restore notes.txt", StringComparison.Ordinal) || l.Contains("revert notes.txt", StringComparison.Ordinal)), Is.Empty, "the save is never undone");
            Assert.That(client.Where(l => l.Contains("refused", StringComparison.Ordinal) || l.Contains("notes.txt stays local", StringComparison.Ordinal)), Is.Empty, "the save is never a refused create");
            Assert.That(pair.LogOf("server").Where(l => l.Contains("refused", StringComparison.Ordinal)), Is.Empty);
        });
    }

    /// <summary>vim in a pseudo-terminal when <c>script</c> exists: without one it waits 2 s after warning.</summary>
    private static void RunVim(string file, string command)
    {
        string directory = Path.GetDirectoryName(file)!;
        string vim = $"vim -u NONE -c '{command}' -c 'wq' '{Path.GetFileName(file)}'";
        if (EngineProcess.IsInstalled("script"))
        {
            EngineProcess.Run(directory, "script", "-qec", vim, "/dev/null");
        }
        else
        {
            EngineProcess.Run(directory, "vim", "-u", "NONE", "-c", command, "-c", "wq", Path.GetFileName(file));
        }
    }
}
