using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>Live changes between a running server and client: edits both ways, the server's structure changes.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class EditTests
{
    private const int Samples = 7;

    [Test]
    [NonParallelizable] // Alone, so the latency figures are not other tests' load.
    public async Task Edits_travel_both_ways_and_their_latency_is_measured()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "a.txt", "a0\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "notes/b.txt", "b0\n");
        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        var down = new List<TimeSpan>();
        var up = new List<TimeSpan>();
        for (int i = 1; i <= Samples; i++)
        {
            down.Add(await DaemonLatency.MeasureAsync(sandbox.ServerFile("a.txt"), sandbox.ClientFile("a.txt"), $"a0\nserver edit {i}\n"));
            await client.WaitIdleAsync();
            up.Add(await DaemonLatency.MeasureAsync(sandbox.ClientFile("notes/b.txt"), sandbox.ServerFile("notes/b.txt"), $"b0\nclient edit {i}\n"));
            await client.WaitIdleAsync();
        }

        await sandbox.WaitConvergedAsync(client);
        var status = await client.WaitIdleAsync();
        Assert.That(status["conflicts"]!.AsArray(), Is.Empty, "sequential edits are never conflicts");
        await TestContext.Out.WriteLineAsync($"edit latency server→client: {DaemonLatency.Describe(down)}");
        await TestContext.Out.WriteLineAsync($"edit latency client→server: {DaemonLatency.Describe(up)}");
        await TestContext.Out.WriteLineAsync($"RSS idle after sync: server {server.RssKiB() / 1024} MiB, client {client.RssKiB() / 1024} MiB");
    }

    [Test]
    public async Task Server_creates_deletes_renames_and_directory_moves_reach_the_client()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "keep.txt", "keep\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "gone.txt", "to be deleted\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "old-name.txt", "renamed\n");
        DaemonFixtureFiles.WriteTree(sandbox.ServerPath, 30, 200, 2000, prefix: "project");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        DaemonFixtureFiles.Write(sandbox.ServerPath, "new/deep/created.txt", "created on the server\n");
        File.Delete(sandbox.ServerFile("gone.txt"));
        File.Move(sandbox.ServerFile("old-name.txt"), sandbox.ServerFile("new-name.txt"));
        Directory.Move(sandbox.ServerFile("project"), sandbox.ServerFile("moved-project"));
        Directory.CreateDirectory(sandbox.ServerFile("empty-dir"));

        await sandbox.WaitConvergedAsync(client);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(sandbox.ClientFile("new/deep/created.txt")), Is.EqualTo("created on the server\n"));
            Assert.That(File.Exists(sandbox.ClientFile("gone.txt")), Is.False);
            Assert.That(File.Exists(sandbox.ClientFile("old-name.txt")), Is.False);
            Assert.That(File.ReadAllText(sandbox.ClientFile("new-name.txt")), Is.EqualTo("renamed\n"));
            Assert.That(Directory.Exists(sandbox.ClientFile("project")), Is.False);
            Assert.That(Directory.EnumerateFiles(sandbox.ClientFile("moved-project"), "*", SearchOption.AllDirectories).Count(), Is.EqualTo(30));
            Assert.That(Directory.Exists(sandbox.ClientFile("empty-dir")), Is.True);
        });

        // And back: the moved directory goes away as a whole.
        Directory.Delete(sandbox.ServerFile("moved-project"), recursive: true);
        await sandbox.WaitConvergedAsync(client);
        Assert.That(Directory.Exists(sandbox.ClientFile("moved-project")), Is.False);
    }
}
