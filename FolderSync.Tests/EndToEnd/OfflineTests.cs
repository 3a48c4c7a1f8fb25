using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>Changes made while the client is stopped, and the conflict when both sides edit the same file.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class OfflineTests
{
    [Test]
    public async Task Edits_on_both_sides_while_the_client_is_stopped_meet_after_restart()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "server-edits.txt", "s0\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "client-edits.txt", "c0\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "server-deletes.txt", "doomed\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        Assert.That(await client.TerminateAsync(), Is.Zero, "SIGTERM stops the client cleanly");
        File.WriteAllText(sandbox.ServerFile("server-edits.txt"), "s0\ns1 while the client was away\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "dir/server-created.txt", "new on the server\n");
        File.Delete(sandbox.ServerFile("server-deletes.txt"));
        File.WriteAllText(sandbox.ClientFile("client-edits.txt"), "c0\nc1 made offline\n");

        var restarted = sandbox.StartClient();
        await Eventually.FileHasAsync(sandbox.ServerFile("client-edits.txt"), "c0\nc1 made offline\n");
        await sandbox.WaitConvergedAsync(restarted);
        var status = await restarted.WaitIdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(sandbox.ClientFile("server-edits.txt")), Is.EqualTo("s0\ns1 while the client was away\n"));
            Assert.That(File.Exists(sandbox.ClientFile("server-deletes.txt")), Is.False);
            Assert.That(File.ReadAllText(sandbox.ClientFile("dir/server-created.txt")), Is.EqualTo("new on the server\n"));
            Assert.That(status["conflicts"]!.AsArray(), Is.Empty, "edits to different files are no conflict");
        });
    }

    [Test]
    public async Task Both_sides_editing_one_file_keeps_both_versions_one_as_a_conflict_copy()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "report.txt", "base\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        Assert.That(await client.TerminateAsync(), Is.Zero);
        const string serverVersion = "base\nthe server's edit\n";
        const string clientVersion = "base\nthe client's edit\n";
        File.WriteAllText(sandbox.ServerFile("report.txt"), serverVersion);
        File.WriteAllText(sandbox.ClientFile("report.txt"), clientVersion);

        var restarted = sandbox.StartClient();
        await Eventually.TrueAsync(() => ConflictCopies(sandbox.ServerPath).Count == 1, TimeSpan.FromSeconds(15), "a conflict copy on the server");
        await sandbox.WaitConvergedAsync(restarted);

        var status = await restarted.WaitIdleAsync();
        foreach (string root in new[] { sandbox.ServerPath, sandbox.ClientPath() })
        {
            var copies = ConflictCopies(root);
            Assert.That(copies, Has.Count.EqualTo(1), root);
            var versions = new[] { File.ReadAllText(Path.Combine(root, "report.txt")), File.ReadAllText(Path.Combine(root, copies[0])) };
            Assert.That(versions, Is.EquivalentTo(new[] { serverVersion, clientVersion }), $"both edits survive in {root}");
        }

        Assert.That(status["conflicts"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EquivalentTo(ConflictCopies(sandbox.ClientPath())));
    }

    private static List<string> ConflictCopies(string root) =>
        Directory.EnumerateFiles(root).Select(Path.GetFileName).Where(n => n!.StartsWith("report.sync-conflict-", StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal)).ToList()!;
}
