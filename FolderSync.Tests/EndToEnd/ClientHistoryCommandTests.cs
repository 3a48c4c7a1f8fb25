using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// The history verbs asked of a running client: forwarded to the server over the client's own connection, answered
/// about its folder and within its access mode.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class ClientHistoryCommandTests
{
    [Test]
    public async Task A_full_client_lists_the_history_and_restores_a_file_deleted_on_the_server()
    {
        await using var sandbox = new DaemonSandbox("Full");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "gone.txt", "v1\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        File.Delete(sandbox.ServerFile("gone.txt"));
        await Eventually.GoneAsync(sandbox.ClientFile("gone.txt"));
        JsonArray deleted = [];
        await Eventually.TrueAsync(
            async () => (deleted = await JsonAsync(client, "deleted", "history", "--deleted")).Count == 1,
            TimeSpan.FromSeconds(15),
            "the client's history --deleted lists the server's delete");
        Assert.That(deleted[0]!["path"]!.GetValue<string>(), Is.EqualTo("gone.txt"));

        var restored = await client.CommandAsync("restore", "gone.txt");
        Assert.That(restored.ExitCode, Is.Zero, restored.StdErr);
        await Eventually.FileHasAsync(sandbox.ServerFile("gone.txt"), "v1\n");
        await Eventually.FileHasAsync(sandbox.ClientFile("gone.txt"), "v1\n");

        var versions = await JsonAsync(client, "versions", "history", "gone.txt");
        Assert.That(versions.Select(v => v!["kind"]!.GetValue<string>()).First(), Is.EqualTo("restore"), "newest first");
        var conflicts = await client.CommandAsync("conflicts");
        Assert.Multiple(() =>
        {
            Assert.That(conflicts.ExitCode, Is.Zero, conflicts.StdErr);
            Assert.That(conflicts.StdOut.Trim(), Is.EqualTo("no open conflicts"));
        });
    }

    [Test]
    public async Task A_read_only_client_may_read_the_history_but_not_restore_and_a_path_outside_is_a_usage_error()
    {
        await using var sandbox = new DaemonSandbox("ReadOnly");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "notes.txt", "v1\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);
        File.WriteAllText(sandbox.ServerFile("notes.txt"), "v2\n");
        await Eventually.FileHasAsync(sandbox.ClientFile("notes.txt"), "v2\n");

        JsonArray versions = [];
        await Eventually.TrueAsync(
            async () => (versions = await JsonAsync(client, "versions", "history", "notes.txt")).Count == 2,
            TimeSpan.FromSeconds(15),
            "both versions in the history the client sees");

        var refused = await client.CommandAsync("restore", "notes.txt", "--version", versions[1]!["version"]!.ToJsonString());
        var outside = await client.CommandAsync("restore", "../x");
        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.StdOut);
            Assert.That(refused.StdErr, Does.Contain("ReadOnly access"));
            Assert.That(outside.ExitCode, Is.EqualTo(2), outside.StdOut + outside.StdErr);
            Assert.That(File.ReadAllText(sandbox.ServerFile("notes.txt")), Is.EqualTo("v2\n"), "nothing restored");
        });
    }

    private static async Task<JsonArray> JsonAsync(DaemonProcess client, string field, params string[] args)
    {
        var result = await client.CommandAsync([.. args, "--json"]);
        Assert.That(result.ExitCode, Is.Zero, result.StdErr);
        return JsonNode.Parse(result.StdOut)![field]!.AsArray();
    }
}
