using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FolderSync.Common.Security;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// deploy/install.sh on a fresh host, run below a temporary root: the files it writes, the client it adds (a
/// token from openssl, the fingerprint of the identity the real server made), what uninstall keeps, and
/// systemd-analyze verify on the units it installs.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed partial class InstallTests
{
    private static readonly UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public async Task Server_install_creates_config_folders_state_and_unit_and_uninstall_keeps_data_unless_purged()
    {
        using var install = new InstallScript();
        Assert.That((await install.RunAsync("server", "--from", install.Bin)).ExitCode, Is.Zero);
        Assert.Multiple(() =>
        {
            AssertExecutable(install.Under("/opt/foldersync/server/foldersync-server"));
            AssertSameFile(install.Under("/etc/foldersync/server.json"), "deploy/server.example.json", (UnixFileMode)0b110_100_000);
            AssertSameFile(install.Under("/etc/systemd/system/foldersync-server.service"), "deploy/foldersync-server.service", (UnixFileMode)0b110_100_100);
            Assert.That(Directory.Exists(install.Under("/etc/systemd/system/foldersync-server.service.d")), Is.False, "native build: no drop-in");
            Assert.That(File.GetUnixFileMode(install.Under("/var/lib/foldersync")), Is.EqualTo((UnixFileMode)0b111_000_000));
            Assert.That(Directory.Exists(install.Under("/srv/foldersync/docs")), Is.True, "the example's folders exist, so the unit starts as installed");
            Assert.That(Directory.Exists(install.Under("/srv/foldersync/notes")), Is.True);
            foreach (string document in Documentation(install.Under("/etc/systemd/system/foldersync-server.service")))
            {
                Assert.That(File.Exists(install.Under(document)), Is.True, $"Documentation= {document} is installed");
            }
        });

        Assert.That((await install.RunAsync("server", "--from", install.Bin, "--framework-dependent")).ExitCode, Is.Zero);
        Assert.That(File.ReadAllText(install.Under("/etc/systemd/system/foldersync-server.service.d/framework-dependent.conf")), Does.Contain("MemoryDenyWriteExecute=no"));

        File.WriteAllText(install.Under("/srv/foldersync/docs/keep.txt"), "a user's file\n");
        Assert.That((await install.RunAsync("uninstall", "server")).ExitCode, Is.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(install.Under("/etc/systemd/system/foldersync-server.service")), Is.False);
            Assert.That(Directory.Exists(install.Under("/etc/systemd/system/foldersync-server.service.d")), Is.False);
            Assert.That(Directory.Exists(install.Under("/opt/foldersync")), Is.False);
            Assert.That(File.Exists(install.Under("/etc/foldersync/server.json")), Is.True, "config kept");
            Assert.That(Directory.Exists(install.Under("/var/lib/foldersync")), Is.True, "state kept");
        });

        Assert.That((await install.RunAsync("uninstall", "server", "--purge")).ExitCode, Is.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(install.Under("/etc/foldersync")), Is.False);
            Assert.That(Directory.Exists(install.Under("/var/lib/foldersync")), Is.False);
            Assert.That(Directory.Exists(install.Under("/srv/foldersync/notes")), Is.False, "an empty folder goes");
            Assert.That(File.ReadAllText(install.Under("/srv/foldersync/docs/keep.txt")), Is.EqualTo("a user's file\n"), "published files always stay");
        });
    }

    [Test]
    public async Task Add_client_generates_a_token_and_prints_a_config_pinning_the_servers_fingerprint()
    {
        DaemonShell.Require("openssl");
        using var install = new InstallScript();
        Assert.That((await install.RunAsync("server", "--from", install.Bin)).ExitCode, Is.Zero);

        var added = await install.RunAsync("server", "--add-client", "laptop", "--folders", "docs", "--address", "sync.example.org:7878");
        Assert.That(added.ExitCode, Is.Zero);
        string envFile = install.Under("/etc/foldersync/clients.env");
        Assert.That(File.GetUnixFileMode(envFile), Is.EqualTo(OwnerOnly), "tokens: root only");
        var settings = File.ReadAllLines(envFile).Where(l => !l.StartsWith('#')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        string token = settings["FOLDERSYNC_Clients__laptop__Token"];
        Assert.That(token, Does.Match("^[0-9a-f]{64}$"), "openssl rand -hex 32");
        Assert.That(settings["FOLDERSYNC_Clients__laptop__Folders__0"], Is.EqualTo("docs"));

        var snippet = JsonNode.Parse(added.StdOut)!.AsObject();
        using var identity = X509CertificateLoader.LoadPkcs12FromFile(install.Under("/var/lib/foldersync/server-identity.pfx"), null);
        Assert.Multiple(() =>
        {
            Assert.That((string?)snippet["Server"], Is.EqualTo("sync.example.org:7878"));
            Assert.That((string?)snippet["Folder"], Is.EqualTo("docs"));
            Assert.That((string?)snippet["ClientId"], Is.EqualTo("laptop"));
            Assert.That((string?)snippet["Token"], Is.EqualTo(token));
            Assert.That(CertificateFingerprint.Normalize((string?)snippet["ServerFingerprint"]), Is.EqualTo(CertificateFingerprint.Of(identity)), "the identity the server will present");
        });

        var again = await install.RunAsync("server", "--add-client", "laptop");
        Assert.That(again.ExitCode, Is.EqualTo(1));
        Assert.That(again.StdErr, Does.Contain("already has a token"));

        // Without --folders a client gets every folder of the config, each with its own client config.
        var tablet = await install.RunAsync("server", "--add-client", "tablet");
        Assert.That(tablet.ExitCode, Is.Zero);
        Assert.That(File.ReadAllText(envFile), Does.Contain("FOLDERSYNC_Clients__tablet__Folders__0=docs\nFOLDERSYNC_Clients__tablet__Folders__1=notes\n"));
        Assert.That(FolderLine().Matches(tablet.StdOut).Select(m => m.Groups[1].Value), Is.EqualTo(new[] { "docs", "notes" }));
        Assert.That(tablet.StdOut, Does.Contain("\"Server\": \"127.0.0.1:7878\""), "from the example's Listen");
    }

    [Test]
    public async Task Client_install_runs_one_templated_service_per_folder_and_uninstall_keeps_config_unless_purged()
    {
        using var install = new InstallScript();
        string home = install.Under(install.Home);
        string snippet = Path.Combine(install.Bin, "docs.json");
        File.WriteAllText(snippet, "{\n  \"Server\": \"sync.example.org:7878\",\n  \"Folder\": \"docs\",\n  \"ClientId\": \"laptop\",\n  \"Token\": \"0123456789abcdef0123456789abcdef\",\n  \"LocalPath\": \"~/docs\",\n  \"StateDir\": \"~/.local/state/foldersync-client/docs\"\n}\n");

        Assert.That((await install.RunAsync("client", "--from", install.Bin, "--config", snippet)).ExitCode, Is.Zero);
        Assert.That((await install.RunAsync("client", "--from", install.Bin, "--name", "notes")).ExitCode, Is.Zero);
        var unnamed = await install.RunAsync("client", "--from", install.Bin);
        Assert.That(unnamed.ExitCode, Is.EqualTo(1));
        Assert.That(unnamed.StdErr, Does.Contain("--name NAME"));

        Assert.Multiple(() =>
        {
            AssertExecutable(Path.Join(home, ".local/opt/foldersync/client/foldersync-client"));
            AssertSameFile(Path.Join(home, ".config/systemd/user/foldersync-client@.service"), "deploy/foldersync-client@.service", (UnixFileMode)0b110_100_100);
            Assert.That(File.ReadAllText(Path.Join(home, ".config/foldersync/docs.json")), Is.EqualTo(File.ReadAllText(snippet)));
            Assert.That(File.GetUnixFileMode(Path.Join(home, ".config/foldersync/docs.json")), Is.EqualTo(OwnerOnly));
            Assert.That(File.Exists(Path.Join(home, ".local/opt/foldersync/README.md")), Is.True, "the template's Documentation=");
        });
        var notes = JsonNode.Parse(File.ReadAllText(Path.Join(home, ".config/foldersync/notes.json")))!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)notes["Folder"], Is.EqualTo("notes"));
            Assert.That((string?)notes["LocalPath"], Is.EqualTo("~/notes"));
            Assert.That((string?)notes["StateDir"], Is.EqualTo("~/.local/state/foldersync-client/notes"), "each instance its own state (and lock)");
        });

        Assert.That((await install.RunAsync("uninstall", "client", "--name", "notes", "--purge")).ExitCode, Is.Zero);
        Assert.That(File.Exists(Path.Join(home, ".config/foldersync/notes.json")), Is.False);
        Assert.That(File.Exists(Path.Join(home, ".config/foldersync/docs.json")), Is.True, "the other instance stays");
        AssertExecutable(Path.Join(home, ".local/opt/foldersync/client/foldersync-client"));

        Assert.That((await install.RunAsync("uninstall", "client")).ExitCode, Is.Zero);
        Assert.That(File.Exists(Path.Join(home, ".local/opt/foldersync/client/foldersync-client")), Is.False);
        Assert.That(File.Exists(Path.Join(home, ".config/systemd/user/foldersync-client@.service")), Is.False);
        Assert.That(File.Exists(Path.Join(home, ".config/foldersync/docs.json")), Is.True, "config kept without --purge");
    }

    [Test]
    public async Task The_installed_units_pass_systemd_analyze_verify()
    {
        string analyze = DaemonShell.Require("systemd-analyze");
        using var install = new InstallScript();
        Assert.That((await install.RunAsync("server", "--from", install.Bin)).ExitCode, Is.Zero);
        Assert.That((await install.RunAsync("client", "--from", install.Bin, "--name", "docs")).ExitCode, Is.Zero);

        // The system unit in the temporary root, which needs the host's own units (sysinit.target and the rest).
        CopyDirectory("/lib/systemd/system", install.Under("/usr/lib/systemd/system"));
        var system = await RunAsync(analyze, new Dictionary<string, string>(), "verify", $"--root={install.Root}", "/etc/systemd/system/foldersync-server.service");
        Assert.That(system.ExitCode, Is.Zero, system.StdErr);
        Assert.That(system.StdOut + system.StdErr, Does.Not.Contain("foldersync"), "no warning about our unit");

        // The user template has no --root mode: %h is the home it was installed to.
        string runtime = Directory.CreateDirectory(Path.Combine(install.Root, "run-user")).FullName;
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var user = await RunAsync(
            analyze,
            new Dictionary<string, string> { ["HOME"] = install.Under(install.Home), ["XDG_RUNTIME_DIR"] = runtime },
            "verify", "--user", Path.Join(install.Under(install.Home), ".config/systemd/user/foldersync-client@docs.service"));
        Assert.That(user.ExitCode, Is.Zero, user.StdErr);
        Assert.That(user.StdOut + user.StdErr, Does.Not.Contain("foldersync"), "no warning about our unit");
    }

    private static IEnumerable<string> Documentation(string unit) =>
        File.ReadLines(unit).Where(l => l.StartsWith("Documentation=", StringComparison.Ordinal))
            .SelectMany(l => l["Documentation=".Length..].Split(' ')).Select(uri => uri["file://".Length..]);

    private static void AssertExecutable(string path) =>
        Assert.That(File.Exists(path) && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, Is.True, $"{path} is an executable");

    private static void AssertSameFile(string installed, string source, UnixFileMode mode)
    {
        Assert.That(File.ReadAllText(installed), Is.EqualTo(File.ReadAllText(Path.Combine(InstallScript.RepositoryRoot, source))), installed);
        Assert.That(File.GetUnixFileMode(installed), Is.EqualTo(mode), installed);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (new FileInfo(file).LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else
            {
                File.Copy(file, target);
            }
        }
    }

    private static async Task<DaemonCommandResult> RunAsync(string tool, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cancel.Token);
        var result = new DaemonCommandResult(process.ExitCode, await stdout, await stderr, TimeSpan.Zero);
        await TestContext.Out.WriteLineAsync($"$ {tool} {string.Join(' ', args)} -> {result.ExitCode}\n{result.StdOut}{result.StdErr}");
        return result;
    }

    [GeneratedRegex("\"Folder\": \"([^\"]+)\"")]
    private static partial Regex FolderLine();
}
