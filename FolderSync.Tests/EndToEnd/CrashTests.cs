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

    [Test]
    public async Task Server_killed_and_restarted_is_reconnected_to_and_later_edits_flow()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "live.txt", "v0\n");
        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        await server.Kill9Async();
        await client.WaitStatusAsync(s => s["connected"]?.GetValue<bool>() == false, TimeSpan.FromSeconds(10), "to notice the server is gone");
        await sandbox.StartServerAsync();
        await client.WaitIdleAsync(TimeSpan.FromSeconds(20));

        File.WriteAllText(sandbox.ServerFile("live.txt"), "v0\nv1 after the server restart\n");
        await Eventually.FileHasAsync(sandbox.ClientFile("live.txt"), "v0\nv1 after the server restart\n");
        File.WriteAllText(sandbox.ClientFile("live.txt"), "v0\nv1 after the server restart\nv2 from the client\n");
        await Eventually.FileHasAsync(sandbox.ServerFile("live.txt"), "v0\nv1 after the server restart\nv2 from the client\n");
        await sandbox.WaitConvergedAsync(client);
    }

    private static int CountFiles(string root) =>
        Directory.Exists(root) ? Directory.EnumerateFiles(root, "*.txt", SearchOption.AllDirectories).Count() : 0;
}
