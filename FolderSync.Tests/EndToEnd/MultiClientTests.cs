using System.Diagnostics;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>Three client processes on one folder: every change reaches every other side.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class MultiClientTests
{
    private const int Clients = 3;

    [Test]
    public async Task Three_clients_on_one_folder_all_follow_the_server_and_each_other()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.WriteTree(sandbox.ServerPath, 40, 100, 2000);
        DaemonFixtureFiles.Write(sandbox.ServerPath, "shared.txt", "v0\n");
        var server = await sandbox.StartServerAsync();
        var clients = Enumerable.Range(0, Clients).Select(i => sandbox.StartClient(i)).ToList();
        for (int i = 0; i < Clients; i++)
        {
            await sandbox.WaitConvergedAsync(clients[i], i);
        }

        var status = await server.WaitStatusAsync(s => s["clients"]!.AsArray().Count == Clients, TimeSpan.FromSeconds(10), "to list three clients");
        Assert.That(status["clients"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()), Is.EquivalentTo(new[] { "client0", "client1", "client2" }));

        var watch = Stopwatch.StartNew();
        File.WriteAllText(sandbox.ServerFile("shared.txt"), "v1 from the server\n");
        for (int i = 0; i < Clients; i++)
        {
            await Eventually.FileHasAsync(sandbox.ClientFile("shared.txt", i), "v1 from the server\n");
        }

        var fanOut = watch.Elapsed;
        File.WriteAllText(sandbox.ClientFile("shared.txt", 1), "v2 from client1\n");
        await Eventually.FileHasAsync(sandbox.ServerFile("shared.txt"), "v2 from client1\n");
        await Eventually.FileHasAsync(sandbox.ClientFile("shared.txt", 0), "v2 from client1\n");
        await Eventually.FileHasAsync(sandbox.ClientFile("shared.txt", 2), "v2 from client1\n");
        for (int i = 0; i < Clients; i++)
        {
            await sandbox.WaitConvergedAsync(clients[i], i);
            Assert.That((await clients[i].WaitIdleAsync())["conflicts"]!.AsArray(), Is.Empty, $"client{i}");
        }

        await TestContext.Out.WriteLineAsync($"a server edit reached all {Clients} clients in {fanOut.TotalMilliseconds:0} ms; RSS server {server.RssKiB() / 1024} MiB, clients {string.Join(", ", clients.Select(c => c.RssKiB() / 1024))} MiB");
    }
}
