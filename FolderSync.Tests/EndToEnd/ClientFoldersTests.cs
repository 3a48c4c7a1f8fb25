using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// <c>foldersync-client folders</c> and the client's forwarding of server verbs, with the real executables: what the
/// credential allows, the subscribed folder marked, and the exit codes when the client or the server is not there.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class ClientFoldersTests
{
    private const string Token = "a-token-long-enough-for-the-validator-0123456789";

    [Test]
    public async Task Folders_lists_the_folders_the_credential_allows_with_access_and_size_and_marks_the_subscribed_one()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "a.txt", "hello\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "b.txt", "12345678\n");
        ConfigureFolders(sandbox);
        DaemonFixtureFiles.Write(Path.Combine(sandbox.Root, "notes"), "n.txt", new string('n', 2047) + "\n");
        DaemonFixtureFiles.Write(Path.Combine(sandbox.Root, "secret"), "s.txt", "not for client0\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();

        var table = await client.CommandAsync("folders");
        Assert.That(table.ExitCode, Is.Zero, table.StdErr);
        TestContext.Out.WriteLine(table.StdOut);
        var lines = table.StdOut.TrimEnd().Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(3), table.StdOut);
            Assert.That(lines[0].Trim(), Does.Match("^FOLDER +ACCESS +FILES +SIZE$"));
            Assert.That(lines[1], Does.Match(@"^\* +docs +EditOnly +2 +15 B$"));
            Assert.That(lines[2], Does.Match(@"^ +notes +ReadOnly +1 +2\.0 KiB$"));
            Assert.That(table.StdOut, Does.Not.Contain("secret"), "a folder the credential does not name is not listed");
        });

        var json = await client.CommandAsync("folders", "--json");
        Assert.That(json.ExitCode, Is.Zero, json.StdErr);
        var folders = JsonNode.Parse(json.StdOut)!["folders"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(folders.Select(f => f!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "docs", "notes" }));
            Assert.That(folders.Select(f => f!["access"]!.GetValue<string>()), Is.EqualTo(new[] { "EditOnly", "ReadOnly" }));
            Assert.That(folders.Select(f => f!["bytes"]!.GetValue<long>()), Is.EqualTo(new[] { 15L, 2048L }));
            Assert.That(folders.Select(f => f!["subscribed"]!.GetValue<bool>()), Is.EqualTo(new[] { true, false }));
        });
    }

    [Test]
    public async Task Folders_exits_1_when_the_client_is_not_running_or_not_connected_and_forwarded_verbs_reach_the_server()
    {
        await using var sandbox = new DaemonSandbox();
        var client = sandbox.StartClient();
        await client.WaitReadyAsync();
        var noServer = await client.CommandAsync("folders");
        Assert.That(noServer.ExitCode, Is.EqualTo(1), noServer.StdErr);
        Assert.That(noServer.StdErr.Trim(), Does.StartWith("foldersync-client: not connected to the server ("), "one line that says why");

        var server = await sandbox.StartServerAsync();
        await client.WaitIdleAsync();
        var listed = await client.CommandAsync("folders");
        Assert.That(listed.ExitCode, Is.Zero, listed.StdErr);
        Assert.That(listed.StdOut, Does.Contain("docs"));

        // A history verb goes up as it came: its answer, or the server's refusal of it, comes back.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var conflicts = await StatusQuery.TryRequestAsync(client.SocketPath, new JsonObject { ["command"] = "conflicts" }, cancel.Token);
        if (conflicts!["ok"]!.GetValue<bool>())
        {
            Assert.That(conflicts["conflicts"], Is.TypeOf<JsonArray>(), conflicts.ToJsonString());
        }
        else
        {
            Assert.That(conflicts["code"]!.GetValue<string>(), Is.EqualTo("failed"), conflicts.ToJsonString());
            Assert.That(conflicts["error"]!.GetValue<string>(), Does.StartWith("the server refused: ").And.Contain("conflicts"));
        }

        Assert.That(await server.TerminateAsync(), Is.Zero);
        await client.WaitStatusAsync(s => s["connected"]?.GetValue<bool>() == false, TimeSpan.FromSeconds(15), "to notice the server is gone");
        var serverDown = await client.CommandAsync("folders");
        Assert.Multiple(() =>
        {
            Assert.That(serverDown.ExitCode, Is.EqualTo(1), serverDown.StdErr);
            Assert.That(serverDown.StdErr, Does.Contain("not connected to the server"));
            Assert.That(serverDown.StdOut, Is.Empty);
        });

        Assert.That(await client.TerminateAsync(), Is.Zero);
        var notRunning = await client.CommandAsync("folders");
        Assert.That(notRunning.ExitCode, Is.EqualTo(1), notRunning.StdErr);
        Assert.That(notRunning.StdErr, Does.Contain("not running"));
    }

    /// <summary>Three folders on the server; client0 has a token and may use two of them.</summary>
    private static void ConfigureFolders(DaemonSandbox sandbox)
    {
        var server = JsonNode.Parse(File.ReadAllText(sandbox.ServerConfig))!.AsObject();
        var folders = server["Folders"]!.AsObject();
        folders["notes"] = new JsonObject { ["Path"] = "notes", ["Access"] = "ReadOnly" };
        folders["secret"] = new JsonObject { ["Path"] = "secret", ["Access"] = "Full" };
        server["Clients"] = new JsonObject { ["client0"] = new JsonObject { ["Token"] = Token, ["Folders"] = new JsonArray(DaemonSandbox.FolderName, "notes") } };
        File.WriteAllText(sandbox.ServerConfig, server.ToJsonString());

        sandbox.WriteClientConfig(0);
        var client = JsonNode.Parse(File.ReadAllText(sandbox.ClientConfig()))!.AsObject();
        client["Token"] = Token;
        File.WriteAllText(sandbox.ClientConfig(), client.ToJsonString());
    }
}
