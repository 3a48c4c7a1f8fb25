using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>The command-line contract of DESIGN §8 that scripts rely on: status, exit codes, SIGTERM.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class CliTests
{
    [Test]
    public async Task Status_json_of_both_daemons_has_every_documented_field_with_its_type()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "a.txt", "a\n");
        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await client.WaitStatusAsync(s => s["rttMs"] is JsonValue, TimeSpan.FromSeconds(10), "to measure a round trip");

        var clientResult = await client.StatusCommandAsync();
        Assert.That(clientResult.ExitCode, Is.Zero, clientResult.StdErr);
        var c = JsonNode.Parse(clientResult.StdOut)!.AsObject();
        Assert.Multiple(() =>
        {
            AssertKind(c, "connected", JsonValueKind.True);
            AssertKind(c, "server", JsonValueKind.String);
            AssertKind(c, "folder", JsonValueKind.String);
            AssertKind(c, "access", JsonValueKind.String);
            AssertKind(c, "filesTracked", JsonValueKind.Number);
            AssertKind(c, "pendingUploads", JsonValueKind.Number);
            AssertKind(c, "pendingDownloads", JsonValueKind.Number);
            AssertKind(c, "conflicts", JsonValueKind.Array);
            AssertKind(c, "localOnly", JsonValueKind.Object);
            AssertKind(c["localOnly"]!.AsObject(), "count", JsonValueKind.Number);
            AssertKind(c["localOnly"]!.AsObject(), "paths", JsonValueKind.Array);
            AssertKind(c, "skipped", JsonValueKind.Object);
            AssertKind(c["skipped"]!.AsObject(), "count", JsonValueKind.Number);
            AssertKind(c["skipped"]!.AsObject(), "paths", JsonValueKind.Array);
            AssertKind(c, "lastActivity", JsonValueKind.String, JsonValueKind.Null);
            AssertKind(c, "lastError", JsonValueKind.String, JsonValueKind.Null);
            AssertKind(c, "rttMs", JsonValueKind.Number);
            AssertKind(c, "lastSequence", JsonValueKind.Number);
            AssertKind(c, "watcher", JsonValueKind.Object);
            Assert.That(c["server"]!.GetValue<string>(), Is.EqualTo($"127.0.0.1:{sandbox.Port}"));
            Assert.That(c["folder"]!.GetValue<string>(), Is.EqualTo(DaemonSandbox.FolderName));
            Assert.That(c["access"]!.GetValue<string>(), Is.EqualTo("EditOnly"));
            Assert.That(c["filesTracked"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(c["lastSequence"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(1));
        });

        var serverResult = await server.StatusCommandAsync();
        Assert.That(serverResult.ExitCode, Is.Zero, serverResult.StdErr);
        var s = JsonNode.Parse(serverResult.StdOut)!.AsObject();
        Assert.Multiple(() =>
        {
            AssertKind(s, "listen", JsonValueKind.String);
            AssertKind(s, "folders", JsonValueKind.Array);
            AssertKind(s, "clients", JsonValueKind.Array);
            Assert.That(s["folders"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(s["clients"]!.AsArray(), Has.Count.EqualTo(1));
        });
        var folder = s["folders"]![0]!.AsObject();
        var connected = s["clients"]![0]!.AsObject();
        Assert.Multiple(() =>
        {
            AssertKind(folder, "name", JsonValueKind.String);
            AssertKind(folder, "path", JsonValueKind.String);
            AssertKind(folder, "access", JsonValueKind.String);
            AssertKind(folder, "files", JsonValueKind.Number);
            AssertKind(folder, "sequence", JsonValueKind.Number);
            AssertKind(folder, "halted", JsonValueKind.Null, JsonValueKind.String);
            AssertKind(folder, "watcher", JsonValueKind.Object);
            AssertKind(connected, "id", JsonValueKind.String);
            AssertKind(connected, "folder", JsonValueKind.String);
            AssertKind(connected, "address", JsonValueKind.String);
            AssertKind(connected, "rttMs", JsonValueKind.Number, JsonValueKind.Null);
            Assert.That(s["listen"]!.GetValue<string>(), Is.EqualTo($"127.0.0.1:{sandbox.Port}"));
            Assert.That(folder["path"]!.GetValue<string>(), Is.EqualTo(sandbox.ServerPath), "a relative Path is resolved from the config file's directory");
            Assert.That(folder["files"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(connected["id"]!.GetValue<string>(), Is.EqualTo("client0"));
        });

        var readable = await client.StatusCommandAsync(json: false);
        Assert.That(readable.ExitCode, Is.Zero);
        Assert.That(readable.StdOut, Does.StartWith("connected to"));
        await TestContext.Out.WriteLineAsync($"status --json answered in {clientResult.Elapsed.TotalMilliseconds:0} ms (client), {serverResult.Elapsed.TotalMilliseconds:0} ms (server), process start included");
    }

    [Test]
    public async Task Status_of_a_daemon_that_is_not_running_exits_1_and_sigterm_stops_both_within_10_s()
    {
        await using var sandbox = new DaemonSandbox();
        sandbox.WriteClientConfig(0);
        var notYet = await DaemonProcess.RunCommandAsync(DaemonBinaries.ClientDll, TimeSpan.FromSeconds(20), "status", "--json", "--config", sandbox.ClientConfig());
        Assert.That(notYet.ExitCode, Is.EqualTo(1), notYet.StdOut + notYet.StdErr);
        Assert.That(notYet.StdErr, Does.Contain("not running"));

        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        foreach (var daemon in new[] { client, server })
        {
            var watch = Stopwatch.StartNew();
            int code = await daemon.TerminateAsync(TimeSpan.FromSeconds(10));
            await TestContext.Out.WriteLineAsync($"{daemon.Name} stopped on SIGTERM in {watch.ElapsedMilliseconds} ms");
            Assert.That(code, Is.Zero, $"{daemon.Name} exit code after SIGTERM");
            var after = await daemon.StatusCommandAsync();
            Assert.That(after.ExitCode, Is.EqualTo(1), $"{daemon.Name} status after it stopped");
            Assert.That(File.Exists(daemon.SocketPath), Is.False, "the status socket is removed on a clean stop");
        }
    }

    [TestCase("server", "Folders:docs:Access", "{\"Listen\":\"127.0.0.1:PORT\",\"StateDir\":\"state\",\"Folders\":{\"docs\":{\"Path\":\".\",\"Access\":\"Sometimes\"}}}")]
    [TestCase("server", "Folders:docs:Path", "{\"Listen\":\"127.0.0.1:PORT\",\"StateDir\":\"state\",\"Folders\":{\"docs\":{\"Path\":\"no-such-folder\"}}}")]
    [TestCase("server", "Sync:RescanIntervalSeconds", "{\"Listen\":\"127.0.0.1:PORT\",\"StateDir\":\"state\",\"Folders\":{\"docs\":{\"Path\":\".\"}},\"Sync\":{\"RescanIntervalSeconds\":2}}")]
    [TestCase("client", "LocalPath", "{\"Server\":\"127.0.0.1:PORT\",\"Folder\":\"docs\",\"ClientId\":\"c\",\"LocalPath\":\"a-file.txt\",\"StateDir\":\"state\"}")]
    [TestCase("client", "Sync:RescanIntervalSeconds", "{\"Server\":\"127.0.0.1:PORT\",\"Folder\":\"docs\",\"ClientId\":\"c\",\"LocalPath\":\"local\",\"StateDir\":\"state\",\"Sync\":{\"RescanIntervalSeconds\":2}}")]
    [TestCase("client", "Sync:PollIntervalSeconds", "{\"Server\":\"127.0.0.1:PORT\",\"Folder\":\"docs\",\"ClientId\":\"c\",\"LocalPath\":\"local\",\"StateDir\":\"state\",\"Sync\":{\"PollIntervalSeconds\":0}}")]
    [TestCase("server", "Sync:Compression", "{\"Listen\":\"127.0.0.1:PORT\",\"StateDir\":\"state\",\"Folders\":{\"docs\":{\"Path\":\".\"}},\"Sync\":{\"Compression\":\"zstd\"}}")]
    [TestCase("client", "Logging:MinimumLevel:Default", "{\"Server\":\"127.0.0.1:PORT\",\"Folder\":\"docs\",\"ClientId\":\"c\",\"LocalPath\":\"local\",\"StateDir\":\"state\",\"Logging\":{\"MinimumLevel\":{\"Default\":\"Chatty\"}}}")]
    [TestCase("client", "Folder", "{\"Server\":\"127.0.0.1:PORT\",\"ClientId\":\"c\",\"LocalPath\":\"local\",\"StateDir\":\"state\"}")]
    public async Task A_bad_config_exits_2_with_one_line_naming_the_key(string daemon, string key, string json)
    {
        await using var sandbox = new DaemonSandbox();
        File.WriteAllText(Path.Combine(sandbox.Root, "a-file.txt"), "not a directory\n");
        string config = Path.Combine(sandbox.Root, "bad.json");
        File.WriteAllText(config, json.Replace("PORT", DaemonSandbox.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var result = await DaemonProcess.RunCommandAsync(daemon == "server" ? DaemonBinaries.ServerDll : DaemonBinaries.ClientDll, TimeSpan.FromSeconds(20), "run", "--config", config);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.StdOut + result.StdErr);
            Assert.That(result.StdErr, Does.Contain(key));
            Assert.That(result.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
        });
    }

    [Test]
    public async Task A_bad_value_given_as_a_command_line_override_exits_2_naming_the_key()
    {
        await using var sandbox = new DaemonSandbox();
        var result = await DaemonProcess.RunCommandAsync(DaemonBinaries.ServerDll, TimeSpan.FromSeconds(20), "run", "--config", sandbox.ServerConfig, "--Sync:RescanIntervalSeconds=2");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.StdOut + result.StdErr);
        Assert.That(result.StdErr, Does.Contain("Sync:RescanIntervalSeconds"));
    }

    private static void AssertKind(JsonObject json, string field, params JsonValueKind[] kinds)
    {
        Assert.That(json.ContainsKey(field), Is.True, $"field {field} is missing from {json.ToJsonString()}");
        var kind = json[field]?.GetValueKind() ?? JsonValueKind.Null;
        Assert.That(kinds, Does.Contain(kind), $"field {field} is {kind}");
    }
}
