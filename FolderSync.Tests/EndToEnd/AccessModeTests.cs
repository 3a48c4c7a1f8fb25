using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>DESIGN §2 through the real daemons: what each access mode does with the client's own changes.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class AccessModeTests
{
    [Test]
    public async Task EditOnly_keeps_a_local_create_local_and_restores_a_local_delete()
    {
        await using var sandbox = new DaemonSandbox("EditOnly");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "shared.txt", "from the server\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "barrier.txt", "0\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        DaemonFixtureFiles.Write(sandbox.ClientPath(), "mine.txt", "only mine\n");
        File.Delete(sandbox.ClientFile("shared.txt"));

        var status = await client.WaitStatusAsync(
            s => LocalOnly(s).Contains("mine.txt") && DaemonProcess.IsIdle(s), TimeSpan.FromSeconds(10), "to list mine.txt as local only");
        await Eventually.FileHasAsync(sandbox.ClientFile("shared.txt"), "from the server\n");
        // A later server change has made the round trip, so the create would have been uploaded by now if it ever were.
        File.WriteAllText(sandbox.ServerFile("barrier.txt"), "1\n");
        await Eventually.FileHasAsync(sandbox.ClientFile("barrier.txt"), "1\n");
        await client.WaitIdleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(sandbox.ServerFile("mine.txt")), Is.False, "an EditOnly client never creates on the server");
            Assert.That(File.ReadAllText(sandbox.ServerFile("shared.txt")), Is.EqualTo("from the server\n"), "an EditOnly client never deletes on the server");
            Assert.That(File.ReadAllText(sandbox.ClientFile("mine.txt")), Is.EqualTo("only mine\n"));
            Assert.That(status["localOnly"]!["count"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ReadOnly_reverts_a_local_edit_and_keeps_the_local_version_in_trash()
    {
        await using var sandbox = new DaemonSandbox("ReadOnly");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "policy.txt", "server's words\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        const string local = "my local edit that must not reach the server\n";
        File.WriteAllText(sandbox.ClientFile("policy.txt"), local);

        string trash = Path.Combine(sandbox.ClientStateDir(), "trash");
        await Eventually.FileHasAsync(sandbox.ClientFile("policy.txt"), "server's words\n");
        await Eventually.TrueAsync(
            () => Directory.Exists(trash) && DaemonTree.AllFiles(trash).Any(f => Path.GetFileName(f) == "policy.txt" && File.ReadAllText(Path.Combine(trash, f)) == local),
            TimeSpan.FromSeconds(10),
            "the local version of policy.txt in the client's trash");
        await client.WaitIdleAsync();
        Assert.That(File.ReadAllText(sandbox.ServerFile("policy.txt")), Is.EqualTo("server's words\n"));
    }

    [Test]
    public async Task Full_propagates_a_local_create_delete_and_rename()
    {
        await using var sandbox = new DaemonSandbox("Full");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "delete-me.txt", "doomed\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "rename-me.txt", "moving\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        DaemonFixtureFiles.Write(sandbox.ClientPath(), "created/by-client.txt", "new from the client\n");
        File.Delete(sandbox.ClientFile("delete-me.txt"));
        File.Move(sandbox.ClientFile("rename-me.txt"), sandbox.ClientFile("renamed.txt"));

        await Eventually.FileHasAsync(sandbox.ServerFile("created/by-client.txt"), "new from the client\n");
        await Eventually.FileHasAsync(sandbox.ServerFile("renamed.txt"), "moving\n");
        await Eventually.GoneAsync(sandbox.ServerFile("delete-me.txt"));
        await sandbox.WaitConvergedAsync(client);
        Assert.That(File.Exists(sandbox.ServerFile("rename-me.txt")), Is.False);
    }

    [Test]
    public async Task Full_propagates_a_local_directory_move_with_its_files()
    {
        await using var sandbox = new DaemonSandbox("Full");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "dir/inside.txt", "inside\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "dir/sub/deeper.txt", "deeper\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        Directory.Move(sandbox.ClientFile("dir"), sandbox.ClientFile("dir2"));

        await Eventually.FileHasAsync(sandbox.ServerFile("dir2/inside.txt"), "inside\n");
        await Eventually.FileHasAsync(sandbox.ServerFile("dir2/sub/deeper.txt"), "deeper\n");
        await sandbox.WaitConvergedAsync(client);
        Assert.That(Directory.Exists(sandbox.ServerFile("dir")), Is.False);
    }

    private static List<string> LocalOnly(JsonObject status) =>
        status["localOnly"]?["paths"]?.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList() ?? [];
}
