using System.Diagnostics;
using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// Issue 12 with real daemons: a Full client's <c>rm -rf</c> of most of the folder is held on the server until
/// <c>confirm-deletes</c>; two clients' offline edits of different lines of one file merge without a conflict copy.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class GuardAndMergeTests
{
    [Test]
    public async Task A_full_clients_rm_rf_of_ninety_percent_is_held_until_confirm_deletes()
    {
        await using var sandbox = new DaemonSandbox("Full");
        for (int i = 0; i < 1000; i++)
        {
            DaemonFixtureFiles.Write(sandbox.ServerPath, i < 900 ? $"old/f{i:D4}.txt" : $"f{i:D4}.txt", $"file {i}\n");
        }

        var server = await sandbox.StartServerAsync();
        var deleting = await sandbox.StartClientIdleAsync(0, TimeSpan.FromSeconds(60));
        var other = await sandbox.StartClientIdleAsync(1, TimeSpan.FromSeconds(60));
        await sandbox.WaitConvergedAsync(deleting, 0, TimeSpan.FromSeconds(60));
        await sandbox.WaitConvergedAsync(other, 1, TimeSpan.FromSeconds(60));

        using (var rm = Process.Start("rm", ["-rf", sandbox.ClientFile("old")]))
        {
            await rm.WaitForExitAsync();
            Assert.That(rm.ExitCode, Is.Zero);
        }

        var held = await server.WaitStatusAsync(s => HeldDeletes(s)["reason"] is not null, TimeSpan.FromSeconds(30), "the server holds the deletes");
        await Task.Delay(TimeSpan.FromSeconds(1)); // the holding must last: nothing may trickle out after it
        Assert.Multiple(() =>
        {
            Assert.That((int)HeldDeletes(held)["count"]!, Is.GreaterThanOrEqualTo(900), held.ToJsonString());
            Assert.That((string?)HeldDeletes(held)["reason"], Does.Contain("by client0").And.Contain("Sync:MaxDeletePercent"));
            Assert.That(Directory.GetFiles(sandbox.ServerFile("old")), Has.Length.EqualTo(900), "nothing deleted on the server");
            Assert.That(Directory.GetFiles(sandbox.ClientFile("old", 1)), Has.Length.EqualTo(900), "nothing deleted on the other client");
            Assert.That(server.Output, Does.Contain("not propagating deletes"));
        });

        var confirmed = await server.CommandAsync("confirm-deletes");
        Assert.That(confirmed.ExitCode, Is.Zero, confirmed.StdErr);
        await sandbox.WaitConvergedAsync(other, 1, TimeSpan.FromSeconds(60));
        await sandbox.WaitConvergedAsync(deleting, 0, TimeSpan.FromSeconds(60));
        var status = await server.StatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(sandbox.ServerFile("old")), Is.False);
            Assert.That(Directory.Exists(sandbox.ClientFile("old", 1)), Is.False);
            Assert.That(Directory.GetFiles(sandbox.ClientPath(1)), Has.Length.EqualTo(100));
            Assert.That((int)HeldDeletes(status!)["count"]!, Is.Zero);
        });
    }

    [TestCase("\n", TestName = "Offline edits of different lines by two clients merge without a conflict copy")]
    [TestCase("\r\n", TestName = "Offline edits of different lines by two clients merge without a conflict copy (CRLF)")]
    public async Task Offline_edits_of_different_lines_merge(string newline)
    {
        await using var sandbox = new DaemonSandbox();
        string Text(params string[] lines) => string.Concat(lines.Select(l => l + newline));
        string[] lines = [.. Enumerable.Range(1, 10).Select(i => $"line {i}")];
        DaemonFixtureFiles.Write(sandbox.ServerPath, "notes.txt", Text(lines));
        await sandbox.StartServerAsync();
        var first = await sandbox.StartClientIdleAsync(0);
        var second = await sandbox.StartClientIdleAsync(1);
        await sandbox.WaitConvergedAsync(first, 0);
        await sandbox.WaitConvergedAsync(second, 1);

        Assert.That(await first.TerminateAsync(), Is.Zero);
        Assert.That(await second.TerminateAsync(), Is.Zero);
        string[] mine = [.. lines], theirs = [.. lines], both = [.. lines];
        mine[1] = both[1] = "line 2, edited by client0 offline";
        theirs[7] = both[7] = "line 8, edited by client1 offline";
        File.WriteAllText(sandbox.ClientFile("notes.txt", 0), Text(mine));
        File.WriteAllText(sandbox.ClientFile("notes.txt", 1), Text(theirs));

        first = sandbox.StartClient(0);
        second = sandbox.StartClient(1);
        string merged = Text(both);
        await Eventually.FileHasAsync(sandbox.ServerFile("notes.txt"), merged, TimeSpan.FromSeconds(30));
        await sandbox.WaitConvergedAsync(first, 0);
        await sandbox.WaitConvergedAsync(second, 1);
        foreach (string root in new[] { sandbox.ServerPath, sandbox.ClientPath(0), sandbox.ClientPath(1) })
        {
            Assert.That(File.ReadAllText(Path.Combine(root, "notes.txt")), Is.EqualTo(merged), root);
            Assert.That(Directory.GetFiles(root).Select(Path.GetFileName), Is.EqualTo(new[] { "notes.txt" }), $"no conflict copy in {root}");
        }

        foreach (var client in new[] { first, second })
        {
            Assert.That((await client.WaitIdleAsync())["conflicts"]!.AsArray(), Is.Empty);
        }
    }

    private static JsonObject HeldDeletes(JsonObject serverStatus) => serverStatus["folders"]![0]!["heldDeletes"]!.AsObject();
}
