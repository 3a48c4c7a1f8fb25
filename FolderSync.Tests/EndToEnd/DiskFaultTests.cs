using System.Text.Json.Nodes;
using FolderSync.Common.FileSystem;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// A full disk and a permission denied, met by a real client daemon: the old file stays whole, the daemon stays
/// up and syncs the rest, <c>status</c> and the log name the file and the cause, and once the cause is gone the
/// file is retried and arrives without a restart.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class DiskFaultTests
{
    private const int Nobody = 65534;

    /// <summary>The file the daemon's command runs: the native executable or the managed assembly.</summary>
    private static string Command(string dll) => DaemonBinaries.Command(dll)[^1];

    [Test]
    public async Task A_full_disk_keeps_the_old_file_reports_it_and_the_edit_arrives_once_space_is_freed()
    {
        await using var sandbox = new DaemonSandbox();
        string before = Text("before", 1024 * 1024);
        string after = Text("after", 2 * 1024 * 1024);
        File.WriteAllText(sandbox.ServerFile("big.txt"), before);
        File.WriteAllText(sandbox.ServerFile("small.txt"), "small v1\n");
        using var disk = await TmpfsMount.MountAsync(sandbox.ClientPath(), 4 * 1024 * 1024);
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        // Hidden, so never synced: it only takes the space.
        string filler = disk.Fill(".filler", leaveFree: 256 * 1024);
        await TestContext.Out.WriteLineAsync($"client disk filled: {disk.FreeBytes} bytes free for a {after.Length}-byte edit");
        File.WriteAllText(sandbox.ServerFile("big.txt"), after);
        File.WriteAllText(sandbox.ServerFile("small.txt"), "small v2\n");

        await Eventually.FileHasAsync(sandbox.ClientFile("small.txt"), "small v2\n", TimeSpan.FromSeconds(20));
        var status = await client.WaitStatusAsync(s => Problem(s, "big.txt") is not null, TimeSpan.FromSeconds(20), "to list big.txt as a problem");
        Assert.Multiple(() =>
        {
            Assert.That(Problem(status, "big.txt")!["reason"]!.ToString(), Does.Contain("ENOSPC"), status.ToJsonString());
            Assert.That(File.ReadAllText(sandbox.ClientFile("big.txt")), Is.EqualTo(before), "the old file is intact");
            Assert.That(TempFiles(sandbox.ClientPath()), Is.Empty, "the failed transfer's temp file is removed");
            Assert.That(client.Output.Split('\n').Any(l => l.Contains("big.txt", StringComparison.Ordinal) && l.Contains("ENOSPC", StringComparison.Ordinal)), Is.True,
                "a log line names the file and the cause");
        });
        await AssertStatusCommandsShowAsync(client, "big.txt", "ENOSPC");

        File.Delete(filler);
        await Eventually.TrueAsync(() => Eventually.ReadOrNull(sandbox.ClientFile("big.txt")) == after, TimeSpan.FromSeconds(30), "the edit to arrive once space is freed");
        status = await client.WaitStatusAsync(s => (int)s["problems"]!["count"]! == 0, TimeSpan.FromSeconds(10), "to clear the problem");
        await sandbox.WaitConvergedAsync(client);
        Assert.That(TempFiles(sandbox.ClientPath()), Is.Empty);
        await TestContext.Out.WriteLineAsync($"status after the retry: {status.ToJsonString()}");
        await sandbox.AssertInvariantsAsync(); // while the tmpfs is still mounted over the client's folder
    }

    [Test]
    public async Task Permission_denied_on_one_file_is_a_problem_of_that_file_and_it_syncs_once_fixed()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("running the client as an unprivileged user (permission bits do not stop root) needs root");
        }

        string daemon = Command(DaemonBinaries.ClientDll);
        if (DaemonBinaries.UnreachableByOthers(daemon) is { } closed)
        {
            Assert.Ignore($"uid {Nobody} cannot load the client from {daemon}: {closed} is not searchable by other users (a checkout under mktemp -d); clone somewhere world-searchable to run this test");
        }

        string setpriv = DaemonShell.Require("setpriv");
        await using var sandbox = new DaemonSandbox();
        Directory.CreateDirectory(sandbox.ServerFile("locked"));
        Directory.CreateDirectory(sandbox.ServerFile("open"));
        File.WriteAllText(sandbox.ServerFile("locked/a.txt"), "a v1\n");
        File.WriteAllText(sandbox.ServerFile("open/b.txt"), "b v1\n");
        File.WriteAllText(sandbox.ServerFile("open/c.txt"), "c v1\n");
        await sandbox.StartServerAsync();
        Directory.CreateDirectory(sandbox.ClientPath());
        Directory.CreateDirectory(sandbox.ClientStateDir());
        await DaemonShell.RunAsync(sandbox.Root, "chown", "-R", $"{Nobody}:{Nobody}", sandbox.ClientPath(), sandbox.ClientStateDir());
        var client = sandbox.StartClient(launch: DaemonLaunch.AsUser(setpriv, Nobody));
        await sandbox.WaitConvergedAsync(client);

        // Receiving side: a directory the daemon may not write. Sending side: an edit it may not read (root's, 0600).
        File.SetUnixFileMode(sandbox.ClientFile("locked"), UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        string unreadable = sandbox.ClientFile(".c.edit");
        File.WriteAllText(unreadable, "c v2\n");
        File.SetUnixFileMode(unreadable, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(unreadable, sandbox.ClientFile("open/c.txt"), overwrite: true);
        File.WriteAllText(sandbox.ServerFile("locked/a.txt"), "a v2\n");
        File.WriteAllText(sandbox.ServerFile("open/b.txt"), "b v2\n");

        await Eventually.FileHasAsync(sandbox.ClientFile("open/b.txt"), "b v2\n", TimeSpan.FromSeconds(20));
        var status = await client.WaitStatusAsync(
            s => Problem(s, "locked/a.txt") is not null && Listed(s["skipped"], "open/c.txt") is not null,
            TimeSpan.FromSeconds(20),
            "to list locked/a.txt as a problem and open/c.txt as unreadable");
        Assert.Multiple(() =>
        {
            Assert.That(Problem(status, "locked/a.txt")!["reason"]!.ToString(), Does.Contain("EACCES"), status.ToJsonString());
            Assert.That(Listed(status["skipped"], "open/c.txt")!["reason"]!.ToString(), Does.Contain("EACCES"), status.ToJsonString());
            Assert.That(File.ReadAllText(sandbox.ClientFile("locked/a.txt")), Is.EqualTo("a v1\n"), "the old file is intact");
            Assert.That(File.ReadAllText(sandbox.ServerFile("open/c.txt")), Is.EqualTo("c v1\n"), "nothing unreadable was sent");
            Assert.That(client.Output.Split('\n').Any(l => l.Contains("locked/a.txt", StringComparison.Ordinal) && l.Contains("EACCES", StringComparison.Ordinal)), Is.True,
                "a log line names the file and the cause");
        });
        await AssertStatusCommandsShowAsync(client, "locked/a.txt", "EACCES");

        File.SetUnixFileMode(sandbox.ClientFile("locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(sandbox.ClientFile("open/c.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await Eventually.FileHasAsync(sandbox.ClientFile("locked/a.txt"), "a v2\n", TimeSpan.FromSeconds(30));
        await Eventually.FileHasAsync(sandbox.ServerFile("open/c.txt"), "c v2\n", TimeSpan.FromSeconds(30));
        await client.WaitStatusAsync(s => (int)s["problems"]!["count"]! == 0 && (int)s["skipped"]!["count"]! == 0, TimeSpan.FromSeconds(10), "to clear the problem and the skip");
        await sandbox.WaitConvergedAsync(client);
    }

    /// <summary>The real <c>status</c> and <c>status --json</c> commands, as a user or a script runs them.</summary>
    private static async Task AssertStatusCommandsShowAsync(DaemonProcess client, string path, string cause)
    {
        var text = await client.StatusCommandAsync(json: false);
        var json = await client.StatusCommandAsync(json: true);
        Assert.Multiple(() =>
        {
            Assert.That(text.StdOut.Split('\n').Any(l => l.Contains(path, StringComparison.Ordinal) && l.Contains(cause, StringComparison.Ordinal)), Is.True, text.StdOut);
            Assert.That(Problem(JsonNode.Parse(json.StdOut)!.AsObject(), path)?["reason"]?.ToString(), Does.Contain(cause), json.StdOut);
        });
    }

    private static JsonNode? Problem(JsonObject status, string path) => Listed(status["problems"], path);

    private static JsonNode? Listed(JsonNode? list, string path) =>
        list?["paths"]?.AsArray().FirstOrDefault(p => p?["path"]?.ToString() == path);

    private static List<string> TempFiles(string root) =>
        [.. Directory.EnumerateFiles(root, AtomicFileWriter.TempPrefix + "*", SearchOption.AllDirectories)];

    private static string Text(string word, int size)
    {
        var text = new System.Text.StringBuilder(size);
        for (int line = 0; text.Length < size; line++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{line:D8} {word} the quick brown fox\n");
        }

        return text.ToString(0, size - 1) + "\n";
    }
}
