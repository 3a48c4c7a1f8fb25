using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// What the watcher does not see, a peer that freezes, a daemon restarted with work pending: the safety nets
/// behind the fast path, each with real daemons.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class ResilienceTests
{
    private const int RescanSeconds = 5;

    [Test]
    public async Task With_the_watcher_off_the_periodic_rescan_finds_changes_within_its_interval()
    {
        await using var sandbox = new DaemonSandbox("EditOnly", new JsonObject { ["Watch"] = false, ["RescanIntervalSeconds"] = RescanSeconds });
        DaemonFixtureFiles.Write(sandbox.ServerPath, "edited.txt", "v1\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        // No inotify on either side: only the rescan can find these. One interval, plus one for the change
        // landing just after a pass began, plus a margin for the transfer.
        var within = TimeSpan.FromSeconds((2 * RescanSeconds) + 5);
        DaemonFixtureFiles.Write(sandbox.ServerPath, "created-on-server.txt", "made behind the watcher's back\n");
        await Eventually.FileHasAsync(sandbox.ClientFile("created-on-server.txt"), "made behind the watcher's back\n", within);

        File.WriteAllText(sandbox.ClientFile("edited.txt"), "v2 from the client\n");
        await Eventually.FileHasAsync(sandbox.ServerFile("edited.txt"), "v2 from the client\n", within);
        await sandbox.WaitConvergedAsync(client);
    }

    [Test]
    public async Task A_frozen_server_is_noticed_within_the_ping_timeout_and_edits_made_meanwhile_arrive_after_it_thaws()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "notes.txt", "v1\n");
        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        await SignalAsync(server.Pid, "STOP");
        try
        {
            // Health:PingTimeoutSeconds is 5 in the sandbox; allow one ping interval and scheduling on top.
            await client.WaitStatusAsync(s => s["connected"]?.GetValue<bool>() == false, TimeSpan.FromSeconds(9), "the client to notice the frozen server");
            File.WriteAllText(sandbox.ClientFile("notes.txt"), "v2 written while the server was frozen\n");
        }
        finally
        {
            await SignalAsync(server.Pid, "CONT");
        }

        await Eventually.FileHasAsync(sandbox.ServerFile("notes.txt"), "v2 written while the server was frozen\n", TimeSpan.FromSeconds(30));
        await sandbox.WaitConvergedAsync(client, timeout: TimeSpan.FromSeconds(60));
    }

    [Test]
    public async Task A_server_restarted_while_the_client_has_edits_pending_receives_them()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "a.txt", "a1\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "b.txt", "b1\n");
        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        Assert.That(await server.TerminateAsync(), Is.Zero);
        File.WriteAllText(sandbox.ClientFile("a.txt"), "a2 while the server was down\n");
        File.WriteAllText(sandbox.ServerFile("b.txt"), "b2 while the server was down\n");
        await client.WaitStatusAsync(s => s["pendingUploads"]?.GetValue<int>() >= 1, TimeSpan.FromSeconds(10), "the edit to wait for the server");

        await sandbox.StartServerAsync();

        await Eventually.FileHasAsync(sandbox.ServerFile("a.txt"), "a2 while the server was down\n", TimeSpan.FromSeconds(30));
        await Eventually.FileHasAsync(sandbox.ClientFile("b.txt"), "b2 while the server was down\n", TimeSpan.FromSeconds(30));
        await sandbox.WaitConvergedAsync(client, timeout: TimeSpan.FromSeconds(60));
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.That(kill.ExitCode, Is.Zero, $"kill -{signal} {pid}");
    }
}
