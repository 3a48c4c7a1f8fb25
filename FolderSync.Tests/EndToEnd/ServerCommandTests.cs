using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>The server's control verbs run as an operator would: <c>clients</c> and <c>folders</c>, readable and as JSON.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class ServerCommandTests
{
    [Test]
    public async Task Clients_and_folders_list_the_connected_client_and_the_published_folder()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "a.txt", "a\n");
        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await client.WaitStatusAsync(s => s["rttMs"] is JsonValue, TimeSpan.FromSeconds(10), "to measure a round trip");

        var clients = await server.CommandAsync("clients", "--json");
        Assert.That(clients.ExitCode, Is.Zero, clients.StdErr);
        var entry = JsonNode.Parse(clients.StdOut)!["clients"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(entry["id"]!.GetValue<string>(), Is.EqualTo("client0"));
            Assert.That(entry["folder"]!.GetValue<string>(), Is.EqualTo(DaemonSandbox.FolderName));
            Assert.That(entry["lastActivity"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(entry["queuedBytes"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(0));
        });

        var table = await server.CommandAsync("clients");
        var lines = table.StdOut.Trim().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2), table.StdOut);
        Assert.That(lines[0], Does.StartWith("CLIENT"));
        Assert.That(lines[1], Does.StartWith("client0").And.Contain(DaemonSandbox.FolderName));

        var folders = await server.CommandAsync("folders");
        Assert.That(folders.ExitCode, Is.Zero, folders.StdErr);
        var row = folders.StdOut.Trim().Split('\n')[1];
        Assert.That(row, Does.StartWith(DaemonSandbox.FolderName).And.Contain("EditOnly").And.Contain(sandbox.ServerPath));
    }
}
