using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>The client's control verbs run as a user would: <c>wait</c>, <c>pause</c>/<c>resume</c>, <c>rescan</c>, and their exit codes.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class ClientCommandTests
{
    [Test]
    public async Task Wait_returns_once_a_first_sync_and_a_local_edit_are_done_both_ways()
    {
        await using var sandbox = new DaemonSandbox("Full");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "from-server.txt", "down\n");
        await sandbox.StartServerAsync();
        var client = sandbox.StartClient();
        await client.WaitReadyAsync();

        var first = await client.CommandAsync("wait", "--timeout", "30", "--json");
        Assert.That(first.ExitCode, Is.Zero, first.StdErr);
        Assert.That(JsonNode.Parse(first.StdOut)!["synced"]!.GetValue<bool>(), Is.True);
        Assert.That(File.ReadAllText(sandbox.ClientFile("from-server.txt")), Is.EqualTo("down\n"), "the first sync's download is on disk when wait returns");

        DaemonFixtureFiles.Write(sandbox.ClientPath(), "from-client.txt", "up\n");
        var second = await client.CommandAsync("wait", "--timeout", "30");
        Assert.Multiple(() =>
        {
            Assert.That(second.ExitCode, Is.Zero, second.StdErr);
            Assert.That(second.StdOut, Is.Empty, "silent when not on a terminal");
            Assert.That(File.ReadAllText(sandbox.ServerFile("from-client.txt")), Is.EqualTo("up\n"), "the upload is on the server when wait returns");
        });
    }

    [Test]
    public async Task Wait_exits_3_when_it_times_out_1_when_the_client_is_not_running_and_2_for_a_bad_timeout()
    {
        await using var sandbox = new DaemonSandbox();
        sandbox.WriteClientConfig(0);
        var notRunning = await DaemonProcess.RunCommandAsync(DaemonBinaries.ClientDll, TimeSpan.FromSeconds(20), "wait", "--config", sandbox.ClientConfig());
        Assert.That(notRunning.ExitCode, Is.EqualTo(1), notRunning.StdErr);
        Assert.That(notRunning.StdErr, Does.Contain("not running"));

        // No server: the client never connects, so it is never synced.
        var client = sandbox.StartClient();
        await client.WaitReadyAsync();
        var timedOut = await client.CommandAsync("wait", "--timeout", "1");
        Assert.Multiple(() =>
        {
            Assert.That(timedOut.ExitCode, Is.EqualTo(3), timedOut.StdErr);
            Assert.That(timedOut.StdErr, Does.Contain("not synced after 1 s: not connected"));
        });

        var usage = await client.CommandAsync("wait", "--timeout", "0");
        Assert.That(usage.ExitCode, Is.EqualTo(2), usage.StdErr);
        Assert.That(await client.TerminateAsync(), Is.Zero, "a client that never connected has nothing to converge");
    }

    [Test]
    public async Task Pause_keeps_the_client_off_the_server_across_a_restart_and_resume_syncs_what_changed_meanwhile()
    {
        await using var sandbox = new DaemonSandbox("Full");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();

        var paused = await client.CommandAsync("pause");
        Assert.That(paused.ExitCode, Is.Zero, paused.StdErr);
        Assert.That(paused.StdOut.Trim(), Is.EqualTo("paused"));
        await client.WaitStatusAsync(s => s["paused"]?.GetValue<bool>() == true && s["connected"]?.GetValue<bool>() == false, TimeSpan.FromSeconds(10), "to be paused and off the server");

        DaemonFixtureFiles.Write(sandbox.ClientPath(), "while-paused.txt", "later\n");
        var rescan = await client.CommandAsync("rescan");
        Assert.That(rescan.ExitCode, Is.Zero, rescan.StdErr);
        Assert.That(rescan.StdOut, Does.StartWith("rescanned in"));
        var refused = await client.CommandAsync("wait", "--timeout", "5");
        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1), "wait while paused is refused at once");
            Assert.That(refused.StdErr, Does.Contain("paused"));
            Assert.That(File.Exists(sandbox.ServerFile("while-paused.txt")), Is.False, "nothing goes up while paused");
        });

        Assert.That(await client.TerminateAsync(), Is.Zero);
        client = sandbox.StartClient();
        var restarted = await client.WaitStatusAsync(s => s.ContainsKey("paused"), TimeSpan.FromSeconds(15), "to answer status");
        Assert.That(restarted["paused"]!.GetValue<bool>(), Is.True, "paused is kept across a restart");
        var human = await client.StatusCommandAsync(json: false);
        Assert.That(human.StdOut, Does.Contain("PAUSED"));

        var resumed = await client.CommandAsync("resume");
        Assert.That(resumed.StdOut.Trim(), Is.EqualTo("resumed"));
        Assert.That((await client.CommandAsync("resume")).StdOut.Trim(), Is.EqualTo("not paused"));
        await client.WaitSyncedAsync();
        Assert.That(File.ReadAllText(sandbox.ServerFile("while-paused.txt")), Is.EqualTo("later\n"));
    }
}
