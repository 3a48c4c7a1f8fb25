using System.Diagnostics;
using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// A daemon past the inotify watch limit (issue 5): it runs in its own user namespace, whose limit
/// (/proc/sys/user/max_inotify_watches) is set below its tree's directory count without touching the host's.
/// The directories left unwatched are polled every Sync:PollIntervalSeconds, so edits there still sync.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class WatchLimitTests
{
    private const int Directories = 8;
    private const int WatchLimit = 4;

    [TestCase("server")]
    [TestCase("client")]
    public async Task Directories_past_the_watch_limit_are_polled_and_their_edits_still_sync(string limitedSide)
    {
        RequireUserNamespaces();
        await using var sandbox = new DaemonSandbox("Full", new JsonObject { ["PollIntervalSeconds"] = 1 });
        for (int i = 0; i < Directories; i++)
        {
            DaemonFixtureFiles.Write(sandbox.ServerPath, $"d{i}/sub/f.txt", "v0\n");
        }

        bool serverLimited = limitedSide == "server";
        var limit = DaemonLaunch.WatchLimit(WatchLimit);
        var server = await sandbox.StartServerAsync(serverLimited ? limit : null);
        var client = await sandbox.StartClientIdleAsync(launch: serverLimited ? null : limit);
        await sandbox.WaitConvergedAsync(client);
        var limited = serverLimited ? server : client;
        string limitedRoot = serverLimited ? sandbox.ServerPath : sandbox.ClientPath();
        string otherRoot = serverLimited ? sandbox.ClientPath() : sandbox.ServerPath;

        // Told plainly, by the real status command and in the log (the sysctl named).
        var status = await limited.StatusCommandAsync();
        Assert.That(status.ExitCode, Is.Zero, status.StdErr);
        var watcher = Watcher(JsonNode.Parse(status.StdOut)!.AsObject(), serverLimited);
        Assert.That(watcher["degraded"]!.GetValue<bool>(), Is.True, watcher.ToJsonString());
        Assert.That(watcher["unwatched"]!.GetValue<int>(), Is.Positive, watcher.ToJsonString());
        Assert.That(watcher["watches"]!.GetValue<int>(), Is.LessThanOrEqualTo(WatchLimit), watcher.ToJsonString());
        await Eventually.TrueAsync(() => limited.Output.Contains("fs.inotify.max_user_watches", StringComparison.Ordinal) && limited.Output.Contains("polled every 1 s", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "a log line naming the sysctl and the polling");

        // Most of these directories have no watch; each edit and each new file must still arrive.
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Directories; i++)
        {
            File.WriteAllText(Path.Combine(limitedRoot, $"d{i}/sub/f.txt"), $"v1 in d{i}\n");
            DaemonFixtureFiles.Write(limitedRoot, $"d{i}/sub/new/n.txt", $"created in d{i}\n");
        }

        for (int i = 0; i < Directories; i++)
        {
            await Eventually.FileHasAsync(Path.Combine(otherRoot, $"d{i}/sub/f.txt"), $"v1 in d{i}\n", TimeSpan.FromSeconds(15));
            await Eventually.FileHasAsync(Path.Combine(otherRoot, $"d{i}/sub/new/n.txt"), $"created in d{i}\n", TimeSpan.FromSeconds(15));
        }

        TestContext.Out.WriteLine($"all {2 * Directories} changes arrived after {clock.ElapsedMilliseconds} ms (poll interval 1 s, rescan interval 300 s)");
        await sandbox.WaitConvergedAsync(client);
    }

    private static JsonObject Watcher(JsonObject status, bool server) =>
        (server ? status["folders"]![0]!["watcher"] : status["watcher"])!.AsObject();

    private static void RequireUserNamespaces()
    {
        using var probe = Process.Start(new ProcessStartInfo("unshare", ["-U", "-r", "sh", "-c", "echo 1 > /proc/sys/user/max_inotify_watches"]) { RedirectStandardError = true });
        probe!.WaitForExit();
        if (probe.ExitCode != 0)
        {
            Assert.Ignore($"no unprivileged user namespaces here (unshare -U -r): {probe.StandardError.ReadToEnd()}");
        }
    }
}
