using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// A configuration that cannot work stops the daemon with one line naming what to fix (exit 2), never a stack
/// trace; a key that is not a setting is a warning naming the closest one; Listen takes IPv6.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class ConfigurationTests
{
    private const string LongToken = "0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(20);

    [TestCase("{\n  \"Listen\": \"127.0.0.1:7878\",\n  \"StateDir\": soon\n}", "line 3, position 15")]
    [TestCase("{\n  \"Listen\": \"127.0.0.1:7878\",\n  \"Folders\": { \"docs\": { \"Path\": \"x\" } \n", "line 4, position 1")]
    [TestCase("{ \"Listen\": \"127.0.0.1:7878\" } }", "line 1, position 32")]
    public async Task A_config_file_that_is_not_json_exits_2_naming_file_line_and_position(string text, string where)
    {
        await using var sandbox = new DaemonSandbox();
        string config = Path.Combine(sandbox.Root, "broken.json");
        File.WriteAllText(config, text);
        var result = await DaemonProcess.RunCommandAsync(DaemonBinaries.ServerDll, Quick, "run", "--config", config);
        AssertOneLineExit2(result, config, "is not valid JSON", where);
    }

    [TestCase("server", "Sync", "DebounceMilliseconds", "\"soon\"", "'soon' is not a whole number")]
    [TestCase("server", "Sync", "MaxFileSizeBytes", "\"100 MB\"", "'100 MB' is not a whole number")]
    [TestCase("server", "Security", "PlainTcp", "\"yes\"", "'yes' is not true or false")]
    [TestCase("client", "Health", "PingIntervalSeconds", "99999999999", "'99999999999' is not a whole number")]
    [TestCase("client", "Sync", "Watch", "1", "'1' is not true or false")]
    public async Task A_value_that_does_not_convert_exits_2_naming_key_and_value(string daemon, string section, string key, string json, string problem)
    {
        await using var sandbox = new DaemonSandbox();
        string config = daemon == "server" ? sandbox.ServerConfig : sandbox.ClientConfig();
        if (daemon == "client")
        {
            sandbox.WriteClientConfig(0);
        }

        var root = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        if (root[section] is not JsonObject target)
        {
            root[section] = target = [];
        }

        target[key] = JsonNode.Parse(json);
        File.WriteAllText(config, root.ToJsonString());
        var result = await DaemonProcess.RunCommandAsync(daemon == "server" ? DaemonBinaries.ServerDll : DaemonBinaries.ClientDll, Quick, "run", "--config", config);
        AssertOneLineExit2(result, $"{section}:{key}", problem);
    }

    [Test]
    public async Task A_missing_config_file_or_a_directory_exits_2_naming_it()
    {
        await using var sandbox = new DaemonSandbox();
        string missing = Path.Combine(sandbox.Root, "no-such.json");
        AssertOneLineExit2(await DaemonProcess.RunCommandAsync(DaemonBinaries.ClientDll, Quick, "run", "--config", missing), missing, "does not exist");
        AssertOneLineExit2(await DaemonProcess.RunCommandAsync(DaemonBinaries.ClientDll, Quick, "status", "--config", missing), missing, "does not exist");
        AssertOneLineExit2(await DaemonProcess.RunCommandAsync(DaemonBinaries.ServerDll, Quick, "run", "--config", sandbox.ServerPath), sandbox.ServerPath, "is a directory");
    }

    [Test]
    public async Task An_unreadable_config_file_exits_2_naming_it()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("needs root to run the daemon as another user (permission bits do not stop root)");
        }

        string daemon = DaemonBinaries.Command(DaemonBinaries.ServerDll)[^1];
        if (DaemonBinaries.UnreachableByOthers(daemon) is { } closed)
        {
            Assert.Ignore($"uid 65534 cannot load the server from {daemon}: {closed} is not searchable by other users");
        }

        string setpriv = DaemonShell.Require("setpriv");
        await using var sandbox = new DaemonSandbox();
        File.SetUnixFileMode(sandbox.Root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(sandbox.ServerConfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var result = await DaemonProcess.RunCommandAsync(DaemonLaunch.AsUser(setpriv, 65534), DaemonBinaries.ServerDll, Quick, "run", "--config", sandbox.ServerConfig);
        AssertOneLineExit2(result, sandbox.ServerConfig, "cannot be read");
    }

    [Test]
    public async Task A_short_client_token_is_refused_on_a_network_address_and_accepted_on_loopback()
    {
        await using var sandbox = new DaemonSandbox();
        var root = JsonNode.Parse(File.ReadAllText(sandbox.ServerConfig))!.AsObject();
        root["Clients"] = new JsonObject { ["laptop"] = new JsonObject { ["Token"] = "short", ["Folders"] = new JsonArray("docs") } };
        File.WriteAllText(sandbox.ServerConfig, root.ToJsonString());

        var network = await DaemonProcess.RunCommandAsync(DaemonBinaries.ServerDll, Quick, "run", "--config", sandbox.ServerConfig, $"--Listen=0.0.0.0:{sandbox.Port}");
        AssertOneLineExit2(network, "Clients:laptop:Token", "is 5 characters", "at least 32", "openssl rand -hex 32");

        var loopback = await sandbox.StartServerAsync();
        Assert.That(loopback.HasExited, Is.False, "on 127.0.0.1 only this host's users can try tokens");
    }

    [Test]
    public async Task A_key_that_is_not_a_setting_is_a_warning_naming_the_closest_one()
    {
        await using var sandbox = new DaemonSandbox();
        var root = JsonNode.Parse(File.ReadAllText(sandbox.ServerConfig))!.AsObject();
        root["Sync"]!.AsObject()["DebounceMs"] = 50;
        root["Folders"]![DaemonSandbox.FolderName]!.AsObject()["Acess"] = "Full";
        root["Lisen"] = "127.0.0.1:1";
        root["Colour"] = "blue";
        File.WriteAllText(sandbox.ServerConfig, root.ToJsonString());

        var server = await sandbox.StartServerAsync();
        string[] expected =
        [
            "`Sync:DebounceMs` is not a setting; did you mean `Sync:DebounceMilliseconds`?",
            "`Folders:docs:Acess` is not a setting; did you mean `Folders:docs:Access`?",
            "`Lisen` is not a setting; did you mean `Listen`?",
            "`Colour` is not a setting; it is ignored",
        ];
        await Eventually.TrueAsync(() => expected.All(w => server.Output.Contains(w, StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the four warnings in the log");
        Assert.That(server.Output, Does.Contain("[WRN]"));
    }

    [TestCase("[::]")]
    [TestCase("*")]
    public async Task Listen_on_the_IPv6_wildcard_takes_IPv6_and_IPv4_clients(string host)
    {
        if (!Socket.OSSupportsIPv6 || !CanBind(IPAddress.IPv6Loopback))
        {
            Assert.Ignore("no IPv6 loopback on this host");
        }

        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "a.txt", "over IPv6\n");
        var root = JsonNode.Parse(File.ReadAllText(sandbox.ServerConfig))!.AsObject();
        root["Listen"] = $"{host}:{sandbox.Port}";
        root["Clients"] = new JsonObject { ["client0"] = new JsonObject { ["Token"] = LongToken, ["Folders"] = new JsonArray(DaemonSandbox.FolderName) } };
        File.WriteAllText(sandbox.ServerConfig, root.ToJsonString());
        var server = await sandbox.StartServerAsync();
        var status = await server.StatusAsync();
        Assert.That(status!["listen"]!.GetValue<string>(), Is.EqualTo($"[::]:{sandbox.Port}"));

        using (var v4 = new TcpClient(AddressFamily.InterNetwork))
        {
            await v4.ConnectAsync(IPAddress.Loopback, sandbox.Port);
        }

        sandbox.WriteClientConfig(0);
        var client = JsonNode.Parse(File.ReadAllText(sandbox.ClientConfig()))!.AsObject();
        client["Server"] = $"[::1]:{sandbox.Port}";
        client["Token"] = LongToken;
        File.WriteAllText(sandbox.ClientConfig(), client.ToJsonString());
        await sandbox.WaitConvergedAsync(sandbox.StartClient());
    }

    [Test]
    public async Task An_IPv6_address_without_brackets_is_refused_naming_Listen()
    {
        await using var sandbox = new DaemonSandbox();
        var result = await DaemonProcess.RunCommandAsync(DaemonBinaries.ServerDll, Quick, "run", "--config", sandbox.ServerConfig, $"--Listen=::1:{sandbox.Port}");
        AssertOneLineExit2(result, "Listen", "brackets");
    }

    private static bool CanBind(IPAddress address)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void AssertOneLineExit2(DaemonCommandResult result, params string[] fragments)
    {
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.StdOut + result.StdErr);
            Assert.That(result.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1), $"one line: {result.StdErr}");
            foreach (string fragment in fragments)
            {
                Assert.That(result.StdErr, Does.Contain(fragment));
            }
        });
        TestContext.Out.WriteLine(result.StdErr.Trim().ToString(CultureInfo.InvariantCulture));
    }
}
