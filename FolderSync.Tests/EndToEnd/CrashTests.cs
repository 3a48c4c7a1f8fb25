using FolderSync.Common.FileSystem;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>kill -9 of either daemon: no partial file is ever visible, and sync converges after a restart.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class CrashTests
{
    private const int LargeFiles = 300;

    [Test]
    public async Task Client_killed_in_the_middle_of_a_large_first_sync_converges_after_restart()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.WriteTree(sandbox.ServerPath, LargeFiles, 200 * 1024, 200 * 1024 + 1);
        await sandbox.StartServerAsync();
        var client = sandbox.StartClient();

        int arrived = 0;
        await Eventually.TrueAsync(
            () => (arrived = CountFiles(sandbox.ClientPath())) >= 10,
            TimeSpan.FromSeconds(20),
            "the first files to arrive");
        await client.Kill9Async();
        arrived = CountFiles(sandbox.ClientPath());
        await TestContext.Out.WriteLineAsync($"killed the client with {arrived} of {LargeFiles} files arrived");
        Assert.That(arrived, Is.LessThan(LargeFiles), "the kill must land in the middle of the first sync");

        // Whatever is visible is whole: every non-temp file equals the server's.
        var server = DaemonTree.Snapshot(sandbox.ServerPath);
        foreach (var (path, hash) in DaemonTree.Snapshot(sandbox.ClientPath()).Where(e => e.Value != DaemonTree.DirectoryMark))
        {
            Assert.That(hash, Is.EqualTo(server[path]), $"{path} is a partial or wrong file after kill -9");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var restarted = sandbox.StartClient();
        await sandbox.WaitConvergedAsync(restarted, timeout: TimeSpan.FromSeconds(40));
        await TestContext.Out.WriteLineAsync($"restarted client converged on {LargeFiles} × 200 KiB in {watch.ElapsedMilliseconds} ms");
        Assert.That(DaemonTree.AllFiles(sandbox.ClientPath()).Where(f => Path.GetFileName(f).StartsWith(AtomicFileWriter.TempPrefix, StringComparison.Ordinal)), Is.Empty, "no temp file is left behind");
    }

    /// <summary>
    /// Fault injection: the client is killed at seeded random moments of a large first sync. After every kill
    /// each visible file is whole and the state table passes integrity_check; after the last, it converges.
    /// </summary>
    [Test]
    public async Task Client_killed_at_many_random_points_never_shows_a_partial_file_and_converges()
    {
        const int Files = 200;
        const int Kills = 6;
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.WriteTree(sandbox.ServerPath, Files, 100 * 1024, 100 * 1024 + 1);
        await sandbox.StartServerAsync();
        var server = DaemonTree.Snapshot(sandbox.ServerPath);
        var random = new Random(20261123);
        var arrivedAtKill = new List<int>();
        for (int kill = 0; kill < Kills; kill++)
        {
            var client = sandbox.StartClient();
            int startedWith = CountFiles(sandbox.ClientPath());
            int stopAt = Math.Min(Files, startedWith + random.Next(1, 40));

            // A kill point: some number of files into this run, or the run's end if it gets there first.
            await Eventually.TrueAsync(() => CountFiles(sandbox.ClientPath()) >= stopAt || client.HasExited, TimeSpan.FromSeconds(30), $"kill point {kill}");
            await client.Kill9Async();
            arrivedAtKill.Add(CountFiles(sandbox.ClientPath()));

            foreach (var (path, hash) in DaemonTree.Snapshot(sandbox.ClientPath()).Where(e => e.Value != DaemonTree.DirectoryMark))
            {
                Assert.That(hash, Is.EqualTo(server[path]), $"{path} is a partial or wrong file after kill {kill}");
            }

            using var store = FolderSync.Common.State.StateStore.Open(Path.Combine(sandbox.ClientStateDir(), "client.db"));
            Assert.That(store.IntegrityCheck(), Is.EqualTo("ok"), $"state table after kill {kill}");
        }

        await TestContext.Out.WriteLineAsync($"killed the client {Kills} times with {string.Join(", ", arrivedAtKill)} of {Files} files arrived");
        var restarted = sandbox.StartClient();
        await sandbox.WaitConvergedAsync(restarted, timeout: TimeSpan.FromSeconds(60));
        Assert.That(DaemonTree.AllFiles(sandbox.ClientPath()).Where(f => Path.GetFileName(f).StartsWith(AtomicFileWriter.TempPrefix, StringComparison.Ordinal)), Is.Empty, "no temp file is left behind");
        Assert.That(arrivedAtKill.Distinct().Count(), Is.GreaterThan(1), "the kills landed at different points");
    }

    [Test]
    public async Task Server_killed_and_restarted_is_reconnected_to_and_later_edits_flow()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "live.txt", "v0\n");
        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        await server.Kill9Async();
        await client.WaitStatusAsync(s => s["connected"]?.GetValue<bool>() == false, TimeSpan.FromSeconds(30), "to notice the server is gone");
        await sandbox.StartServerAsync();
        await client.WaitIdleAsync(TimeSpan.FromSeconds(60));

        File.WriteAllText(sandbox.ServerFile("live.txt"), "v0\nv1 after the server restart\n");
        await Eventually.FileHasAsync(sandbox.ClientFile("live.txt"), "v0\nv1 after the server restart\n");
        File.WriteAllText(sandbox.ClientFile("live.txt"), "v0\nv1 after the server restart\nv2 from the client\n");
        await Eventually.FileHasAsync(sandbox.ServerFile("live.txt"), "v0\nv1 after the server restart\nv2 from the client\n");
        await sandbox.WaitConvergedAsync(client);
    }

    private static int CountFiles(string root) =>
        Directory.Exists(root) ? Directory.EnumerateFiles(root, "*.txt", SearchOption.AllDirectories).Count() : 0;
}
