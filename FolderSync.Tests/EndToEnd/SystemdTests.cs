using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// The daemons as systemd runs them (deploy/*.service, <c>Type=notify</c>): the notifications on a real Unix
/// datagram socket set as <c>NOTIFY_SOCKET</c>, the watchdog pings, and journal priorities on the console.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class SystemdTests
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Server_is_READY_only_once_it_listens_and_has_scanned_and_says_STOPPING_on_SIGTERM()
    {
        await using var sandbox = new DaemonSandbox();
        for (int i = 0; i < 20; i++)
        {
            DaemonFixtureFiles.Write(sandbox.ServerPath, $"dir{i % 3}/f{i}.txt", DaemonFixtureFiles.Text(i, 2000));
        }

        using var notify = new NotifySocket(sandbox.Root);
        var server = sandbox.Track(DaemonProcess.Start("server", DaemonBinaries.ServerDll, sandbox.ServerConfig, sandbox.ServerStateDir, notify.Launch()));
        var ready = await notify.WaitForAsync("READY=1", Ready);

        // Asked right at READY, without retrying: the status socket answers, the scan is recorded, the port accepts.
        var status = await server.StatusAsync();
        Assert.That(status, Is.Not.Null, "status answers once READY=1 was sent");
        Assert.That(status!["folders"]![0]!["files"]!.GetValue<long>(), Is.EqualTo(23), "20 files in 3 directories, scanned before READY=1");
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(System.Net.IPAddress.Loopback, sandbox.Port);
        }

        var starting = await notify.WaitForAsync("STATUS=Starting: scanning folders", TimeSpan.Zero);
        Assert.That(starting.At, Is.LessThanOrEqualTo(ready.At), "the start-up status comes before READY");
        Assert.That(await server.TerminateAsync(), Is.Zero);
        var stopping = await notify.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(5));
        Assert.That(stopping.At, Is.GreaterThan(ready.At));
        Assert.That(notify.Count("READY=1"), Is.EqualTo(1));
    }

    [Test]
    public async Task Client_is_READY_once_its_start_up_scan_is_recorded_even_with_no_server_to_reach()
    {
        await using var sandbox = new DaemonSandbox();
        for (int i = 0; i < 10; i++)
        {
            string text = DaemonFixtureFiles.Text(i, 500);
            DaemonFixtureFiles.Write(sandbox.ServerPath, $"f{i}.txt", text);
            DaemonFixtureFiles.Write(sandbox.ClientPath(), $"f{i}.txt", text);
        }

        using var notify = new NotifySocket(sandbox.Root);
        var client = sandbox.StartClient(launch: notify.Launch());
        await notify.WaitForAsync("READY=1", Ready);
        var status = await client.StatusAsync();
        Assert.That(status, Is.Not.Null, "status answers once READY=1 was sent");
        Assert.Multiple(() =>
        {
            Assert.That(status!["filesTracked"]!.GetValue<int>(), Is.EqualTo(10), "the local files, recorded by the start-up scan");
            Assert.That(status["connected"]!.GetValue<bool>(), Is.False, "READY waits for the scan, not for a server");
        });

        await sandbox.StartServerAsync();
        await sandbox.WaitConvergedAsync(client);
        Assert.That(await client.TerminateAsync(), Is.Zero);
        await notify.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task With_a_watchdog_both_daemons_ping_at_half_its_period()
    {
        await using var sandbox = new DaemonSandbox();
        using var serverNotify = new NotifySocket(Directory.CreateDirectory(Path.Combine(sandbox.Root, "s")).FullName);
        using var clientNotify = new NotifySocket(Directory.CreateDirectory(Path.Combine(sandbox.Root, "c")).FullName);
        var period = TimeSpan.FromSeconds(1);
        sandbox.Track(DaemonProcess.Start("server", DaemonBinaries.ServerDll, sandbox.ServerConfig, sandbox.ServerStateDir, serverNotify.Launch(period)));
        await serverNotify.WaitForAsync("READY=1", Ready);
        var client = sandbox.StartClient(launch: clientNotify.Launch(period));
        await client.WaitIdleAsync();
        foreach (var notify in new[] { serverNotify, clientNotify })
        {
            await Eventually.TrueAsync(() => notify.Count("WATCHDOG=1") >= 4, TimeSpan.FromSeconds(10), "four watchdog pings");
            var pings = notify.Received.Where(r => r.State == "WATCHDOG=1").Select(r => r.At).ToList();
            var gaps = pings.Zip(pings.Skip(1), (a, b) => b - a).ToList();
            await TestContext.Out.WriteLineAsync($"watchdog gaps: {string.Join(", ", gaps.Select(g => g.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))} ms");
            Assert.That(gaps, Has.All.LessThan(period), "a ping within every watchdog period");
            Assert.That(gaps, Has.All.GreaterThan(period / 4), "not faster than half the period asks");
        }
    }

    [Test]
    public async Task Under_the_journal_every_line_carries_its_syslog_priority_and_no_timestamp()
    {
        await using var sandbox = new DaemonSandbox();
        var config = JsonNode.Parse(File.ReadAllText(sandbox.ServerConfig))!.AsObject();
        config["Sync"]!.AsObject()["DebounceMs"] = 50;
        File.WriteAllText(sandbox.ServerConfig, config.ToJsonString());

        var server = await sandbox.StartServerAsync(Journal);
        await Eventually.TrueAsync(() => server.Output.Contains("Listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the listening line");
        var lines = server.Output.Split('\n').Select(l => l["[server out] ".Length..]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Some.StartsWith("<4>foldersync-server: Configuration: `Sync:DebounceMs` is not a setting; did you mean `Sync:DebounceMilliseconds`?"));
            Assert.That(lines, Has.Some.Match(@"^<6>FolderSync\.Server\.Engine\.SyncServer: Listening on "));
            Assert.That(lines, Has.All.Match(@"^<[0-7]>"), "every line has a priority");
            Assert.That(lines, Has.None.Match(@"\d{4}-\d\d-\d\d \d\d:\d\d"), "no timestamp: the journal keeps its own");
        });

        // A configuration error on stderr is an error for the journal too.
        var bad = await DaemonProcess.RunCommandAsync(DaemonBinaries.ServerDll, TimeSpan.FromSeconds(20), "run", "--config", sandbox.ServerConfig, "--Sync:RescanIntervalSeconds=1", "--StateDir=other-state");
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.StdErr, Does.Not.StartWith("<"), "not under the journal: a plain line");
        var underJournal = await DaemonProcess.RunCommandAsync(Journal, DaemonBinaries.ServerDll, TimeSpan.FromSeconds(20), "run", "--config", sandbox.ServerConfig, "--Sync:RescanIntervalSeconds=1", "--StateDir=other-state");
        Assert.That(underJournal.ExitCode, Is.EqualTo(2));
        Assert.That(underJournal.StdOut, Does.StartWith("<3>foldersync-server: configuration error: Sync:RescanIntervalSeconds"));
    }

    /// <summary>As systemd connects a service: stdout and stderr one stream, JOURNAL_STREAM naming its device and inode.</summary>
    private static DaemonLaunch Journal { get; } = new(
        ["sh", "-c", "exec 2>&1; JOURNAL_STREAM=$(stat -L -c %d:%i /proc/$$/fd/1) exec \"$@\"", "sh"],
        new Dictionary<string, string>());
}
