using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary><c>activity</c> on both daemons, run as a user would: the recent changes, <c>-n</c>, <c>--json</c> and <c>--follow</c>.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class ActivityTests
{
    [Test]
    public async Task A_client_edit_is_up_on_the_client_and_the_clients_on_the_server_and_a_host_edit_is_down()
    {
        await using var sandbox = new DaemonSandbox("Full");
        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();

        DaemonFixtureFiles.Write(sandbox.ClientPath(), "mine.txt", "from the laptop\n");
        await client.WaitSyncedAsync();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "theirs.txt", "from the host\n");
        await Eventually.FileHasAsync(sandbox.ClientFile("theirs.txt"), "from the host\n");
        await client.WaitSyncedAsync();

        var onClient = Entries(await client.CommandAsync("activity", "--json"));
        var onServer = Entries(await server.CommandAsync("activity", "--json", "--folder", DaemonSandbox.FolderName));
        Assert.Multiple(() =>
        {
            Assert.That(onClient.Select(Line), Does.Contain("mine.txt up create 16 client0"));
            Assert.That(onClient.Select(Line), Does.Contain("theirs.txt down create 14 server"));
            Assert.That(onClient[0]["path"]!.GetValue<string>(), Is.EqualTo("theirs.txt"), "newest first");
            Assert.That(onServer.Select(Line), Does.Contain("mine.txt in create 16 client0"), "the server names the client");
            Assert.That(onServer.Select(Line), Does.Contain("theirs.txt host create 14 server"));
            Assert.That(onServer.All(e => e["folder"]!.GetValue<string>() == DaemonSandbox.FolderName));
        });

        var one = await client.CommandAsync("activity", "-n", "1", "--json");
        Assert.That(Entries(one), Has.Count.EqualTo(1));
        var table = await client.CommandAsync("activity", "-n", "1");
        var lines = table.StdOut.Trim().Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(2), table.StdOut);
            Assert.That(lines[0], Does.StartWith("TIME").And.Contain("PATH").And.Contain("WHO"));
            Assert.That(lines[1], Does.Contain("theirs.txt").And.Contain("down create").And.Contain("14 B").And.EndWith("server"));
        });

        var unknown = await server.CommandAsync("activity", "--folder", "nope");
        Assert.That(unknown.ExitCode, Is.EqualTo(2), unknown.StdErr);
        Assert.That(unknown.StdErr, Does.Contain("no folder 'nope'"));
        Assert.That((await client.CommandAsync("activity", "-n", "0")).ExitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task A_create_an_EditOnly_folder_keeps_off_the_server_is_local()
    {
        await using var sandbox = new DaemonSandbox("EditOnly");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();

        DaemonFixtureFiles.Write(sandbox.ClientPath(), "draft.txt", "mine only\n");
        await client.WaitStatusAsync(s => s["localOnly"]?["count"]?.GetValue<int>() == 1, TimeSpan.FromSeconds(15), "the create to stay local");

        var entry = Entries(await client.CommandAsync("activity", "-n", "1", "--json")).Single();
        Assert.That(Line(entry), Is.EqualTo("draft.txt local create 10 client0"));
    }

    [Test]
    public async Task Follow_prints_a_change_made_after_it_started_one_json_object_a_line()
    {
        await using var sandbox = new DaemonSandbox("Full");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        DaemonFixtureFiles.Write(sandbox.ClientPath(), "before.txt", "1\n");
        await client.WaitSyncedAsync();

        string[] command = DaemonBinaries.Command(DaemonBinaries.ClientDll);
        using var follow = Process.Start(new ProcessStartInfo(command[0], [.. command[1..], "activity", "--follow", "--json", "-n", "1", "--config", client.ConfigPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = JsonNode.Parse((await follow.StandardOutput.ReadLineAsync(deadline.Token))!)!;
            Assert.That(first["path"]!.GetValue<string>(), Is.EqualTo("before.txt"), "the last change, then the ones to come");

            DaemonFixtureFiles.Write(sandbox.ServerPath, "after.txt", "2\n");
            var next = JsonNode.Parse((await follow.StandardOutput.ReadLineAsync(deadline.Token))!)!;
            Assert.Multiple(() =>
            {
                Assert.That(next["path"]!.GetValue<string>(), Is.EqualTo("after.txt"));
                Assert.That(next["direction"]!.GetValue<string>(), Is.EqualTo("down"));
                Assert.That(next["id"]!.GetValue<long>(), Is.GreaterThan(first["id"]!.GetValue<long>()));
            });

            // Ctrl-C's sibling: a follower told to stop ends cleanly.
            using var kill = Process.Start("kill", ["-TERM", follow.Id.ToString(CultureInfo.InvariantCulture)]);
            await follow.WaitForExitAsync(deadline.Token);
            Assert.That(follow.ExitCode, Is.Zero, await follow.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!follow.HasExited)
            {
                follow.Kill();
            }
        }
    }

    private static List<JsonObject> Entries(DaemonCommandResult result)
    {
        Assert.That(result.ExitCode, Is.Zero, result.StdErr);
        return JsonNode.Parse(result.StdOut)!["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }

    private static string Line(JsonObject e) => $"{e["path"]} {e["direction"]} {e["kind"]} {e["size"]} {e["who"]}";
}
