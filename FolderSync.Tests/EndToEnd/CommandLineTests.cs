using System.Globalization;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// What the executables do with a command line they do not understand, and with a second daemon on a state
/// directory in use: an error with the way out, never a daemon started by mistake.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class CommandLineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(20);

    [Test]
    public async Task An_unknown_command_is_an_error_listing_the_commands_and_never_a_second_daemon()
    {
        await using var sandbox = new DaemonSandbox();
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();

        // Before, a word that was no command (`conflicts`, before it was one, or a typo of status) started a second
        // client on the same folder and state.
        var unknown = await DaemonProcess.RunCommandAsync(DaemonBinaries.ClientDll, Quick, "sync-now", "--config", sandbox.ClientConfig());
        var typo = await DaemonProcess.RunCommandAsync(DaemonBinaries.ClientDll, Quick, "stauts", "--config", sandbox.ClientConfig());
        var server = await DaemonProcess.RunCommandAsync(DaemonBinaries.ServerDll, Quick, "--config", sandbox.ServerConfig, "frobnicate");
        Assert.Multiple(() =>
        {
            foreach (var result in new[] { unknown, typo, server })
            {
                Assert.That(result.ExitCode, Is.EqualTo(2), result.StdOut + result.StdErr);
                Assert.That(result.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
                Assert.That(result.StdErr, Does.Contain("is not a command").And.Contain("run, status"));
            }

            Assert.That(unknown.StdErr, Does.Contain("'sync-now' is not a command"));
            Assert.That(typo.StdErr, Does.Contain("did you mean 'status'?"));
            Assert.That(server.StdErr, Does.Contain("run, status, client-config"));
        });

        Assert.That(client.HasExited, Is.False);
        Assert.That(await client.StatusAsync(), Is.Not.Null, "the running client still answers");
    }

    [TestCase("--jsn")]
    [TestCase("-x")]
    [TestCase("extra-word")]
    public async Task An_unknown_option_or_stray_word_exits_2(string token)
    {
        await using var sandbox = new DaemonSandbox();
        var result = await DaemonProcess.RunCommandAsync(DaemonBinaries.ServerDll, Quick, "run", "--config", sandbox.ServerConfig, token);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.StdOut + result.StdErr);
        Assert.That(result.StdErr, Does.Contain($"'{token}'"));
        Assert.That(result.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
    }

    [Test]
    public async Task A_setting_given_as_two_words_overrides_the_file()
    {
        await using var sandbox = new DaemonSandbox();
        int port = DaemonSandbox.FreePort();
        var server = sandbox.Track(DaemonProcess.Start("server", DaemonBinaries.ServerDll, sandbox.ServerConfig, sandbox.ServerStateDir, "--Listen", $"127.0.0.1:{port}"));
        var status = await server.WaitStatusAsync(s => s["listen"] is not null, TimeSpan.FromSeconds(15), "to answer status");
        Assert.That(status["listen"]!.GetValue<string>(), Is.EqualTo($"127.0.0.1:{port}"));
    }

    [Test]
    public async Task A_second_daemon_on_a_state_directory_in_use_refuses_naming_the_first_ones_pid()
    {
        await using var sandbox = new DaemonSandbox();
        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        foreach (var (daemon, config) in new[] { (client, sandbox.ClientConfig()), (server, sandbox.ServerConfig) })
        {
            // Same state directory, another port for the server: only the lock can stop it.
            var second = await DaemonProcess.RunCommandAsync(daemon.Dll, Quick, "run", "--config", config, $"--Listen=127.0.0.1:{DaemonSandbox.FreePort()}");
            Assert.That(second.ExitCode, Is.EqualTo(1), second.StdOut + second.StdErr);
            Assert.That(second.StdErr, Does.Contain($"(pid {daemon.Pid.ToString(CultureInfo.InvariantCulture)}) is already running on state directory {daemon.StateDir}"));
            Assert.That(second.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
        }

        // The kernel drops the lock with the process: after kill -9 a new client starts at once, no stale lock.
        await client.Kill9Async();
        var again = sandbox.StartClient();
        await again.WaitIdleAsync();
        Assert.That(File.ReadAllText(Path.Combine(again.StateDir, "daemon.pid")).Trim(), Is.EqualTo(again.Pid.ToString(CultureInfo.InvariantCulture)));
    }
}
