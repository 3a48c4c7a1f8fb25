using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// Hosts whose clocks disagree by minutes (issue 5): a daemon runs under libfaketime, so its wall clock (HELLO,
/// WELCOME, PING/PONG) is off by <see cref="Skew"/>. libfaketime does not move the mtimes the kernel writes, as a
/// skewed host's kernel would, so each edit "made on" a skewed host gets its mtime set to that host's clock here.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class ClockSkewTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    /// <summary>Both edits made while the client was stopped; the later one (in real time) is on the host that is behind.</summary>
    [TestCase("client")]
    [TestCase("server")]
    public async Task The_later_edit_wins_a_conflict_even_from_a_host_whose_clock_is_behind(string behindSide)
    {
        RequireFaketime();
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "report.txt", "base\n");
        bool serverBehind = behindSide == "server";
        var behind = DaemonLaunch.Faketime("-5m");
        var server = await sandbox.StartServerAsync(serverBehind ? behind : null);
        var client = await sandbox.StartClientIdleAsync(launch: serverBehind ? null : behind);
        await sandbox.WaitConvergedAsync(client);

        // The offset is measured and shown: the server's clock ahead of the client's, and the client's ahead of the server's.
        long serverAhead = serverBehind ? -(long)Skew.TotalMilliseconds : (long)Skew.TotalMilliseconds;
        await client.WaitStatusAsync(s => IsNear(s["clockOffsetMs"], serverAhead), TimeSpan.FromSeconds(10), $"to show clockOffsetMs near {serverAhead}");
        await server.WaitStatusAsync(s => s["clients"]!.AsArray().Count == 1 && IsNear(s["clients"]![0]!["clockOffsetMs"], -serverAhead), TimeSpan.FromSeconds(10), "to show the client's clock offset");

        Assert.That(await client.TerminateAsync(), Is.Zero);
        var now = DateTimeOffset.UtcNow;
        const string earlier = "base\nthe earlier edit\n";
        const string later = "base\nthe later edit, on the host that is behind\n";
        string earlierFile = serverBehind ? sandbox.ClientFile("report.txt") : sandbox.ServerFile("report.txt");
        string laterFile = serverBehind ? sandbox.ServerFile("report.txt") : sandbox.ClientFile("report.txt");
        WriteAt(earlierFile, earlier, now - TimeSpan.FromSeconds(3));
        WriteAt(laterFile, later, now - Skew);

        var restarted = sandbox.StartClient(launch: serverBehind ? null : behind);
        await Eventually.TrueAsync(() => ConflictCopies(sandbox.ServerPath).Count == 1, TimeSpan.FromSeconds(15), "a conflict copy on the server");
        await sandbox.WaitConvergedAsync(restarted);
        foreach (string root in new[] { sandbox.ServerPath, sandbox.ClientPath() })
        {
            Assert.That(File.ReadAllText(Path.Combine(root, "report.txt")), Is.EqualTo(later), $"the later edit is at the path in {root}");
            Assert.That(ConflictCopies(root).Select(c => File.ReadAllText(Path.Combine(root, c))), Is.EqualTo(new[] { earlier }), $"the earlier edit is kept in {root}");
        }
    }

    /// <summary>One client 5 minutes ahead of the server, one 5 minutes behind: edits go every way, and none is beaten by an older one.</summary>
    [Test]
    public async Task Edits_flow_every_way_between_clients_ahead_and_behind_and_no_older_edit_wins()
    {
        RequireFaketime();
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "shared.txt", "v0\n");
        await sandbox.StartServerAsync();
        var ahead = await sandbox.StartClientIdleAsync(0, launch: DaemonLaunch.Faketime("+5m"));
        var behind = await sandbox.StartClientIdleAsync(1, launch: DaemonLaunch.Faketime("-5m"));
        await sandbox.WaitConvergedAsync(ahead, 0);
        await sandbox.WaitConvergedAsync(behind, 1);

        // Each host edits in turn with its own clock on the mtime; every edit reaches the other two.
        var hosts = new (string Name, string Root, TimeSpan Clock)[]
        {
            ("ahead", sandbox.ClientPath(0), Skew), ("behind", sandbox.ClientPath(1), -Skew), ("server", sandbox.ServerPath, TimeSpan.Zero),
            ("behind", sandbox.ClientPath(1), -Skew), ("ahead", sandbox.ClientPath(0), Skew),
        };
        for (int i = 0; i < hosts.Length; i++)
        {
            string content = $"v{i + 1} by {hosts[i].Name}\n";
            WriteAt(Path.Combine(hosts[i].Root, "shared.txt"), content, DateTimeOffset.UtcNow + hosts[i].Clock);
            foreach (string root in new[] { sandbox.ServerPath, sandbox.ClientPath(0), sandbox.ClientPath(1) })
            {
                await Eventually.FileHasAsync(Path.Combine(root, "shared.txt"), content, TimeSpan.FromSeconds(15));
            }
        }

        // The client that is ahead stores a version; later in real time, the one that is behind edits the older base
        // offline. Its edit is the newer one and must win, though its mtime reads 5 minutes before the first's.
        Assert.That(await behind.TerminateAsync(), Is.Zero);
        var first = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(3);
        WriteAt(sandbox.ClientFile("shared.txt", 0), "first, by the client ahead\n", first + Skew);
        await Eventually.FileHasAsync(sandbox.ServerFile("shared.txt"), "first, by the client ahead\n");
        WriteAt(sandbox.ClientFile("shared.txt", 1), "second, by the client behind\n", DateTimeOffset.UtcNow - Skew);
        var restarted = sandbox.StartClient(1, DaemonLaunch.Faketime("-5m"));

        await Eventually.TrueAsync(() => ConflictCopies(sandbox.ServerPath).Count == 1, TimeSpan.FromSeconds(15), "a conflict copy on the server");
        await sandbox.WaitConvergedAsync(restarted, 1);
        await sandbox.WaitConvergedAsync(ahead, 0);
        foreach (string root in new[] { sandbox.ServerPath, sandbox.ClientPath(0), sandbox.ClientPath(1) })
        {
            Assert.That(File.ReadAllText(Path.Combine(root, "shared.txt")), Is.EqualTo("second, by the client behind\n"), $"the newer edit is at the path in {root}");
            Assert.That(ConflictCopies(root).Select(c => File.ReadAllText(Path.Combine(root, c))), Is.EqualTo(new[] { "first, by the client ahead\n" }), $"the older edit is kept in {root}");
        }
    }

    private static void RequireFaketime()
    {
        if (!DaemonLaunch.FaketimeAvailable)
        {
            Assert.Ignore("libfaketime is not installed (apt-get install faketime; .ci/run installs it)");
        }
    }

    private static bool IsNear(JsonNode? offsetMs, long expected) =>
        offsetMs is not null && Math.Abs(offsetMs.GetValue<long>() - expected) < 2_000;

    /// <summary>Writes beside the file under a hidden name, sets the mtime the editing host's clock gives, and renames over it.</summary>
    private static void WriteAt(string path, string content, DateTimeOffset mtime)
    {
        string temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".writing");
        File.WriteAllText(temp, content);
        File.SetLastWriteTimeUtc(temp, mtime.UtcDateTime);
        File.Move(temp, path, overwrite: true);
    }

    private static List<string> ConflictCopies(string root) =>
        [.. Directory.EnumerateFiles(root).Select(f => Path.GetFileName(f)).Where(n => n.Contains(".sync-conflict-", StringComparison.Ordinal) && !n.StartsWith('.'))];
}
