using System.Diagnostics;
using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>The first sync of a real server and client process, with every kind of file the filters drop.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class FirstSyncTests
{
    private const int MaxFileSize = 64 * 1024;

    [Test]
    public async Task First_sync_brings_the_text_and_leaves_binary_hidden_temp_ignored_and_large_files_behind()
    {
        await using var sandbox = new DaemonSandbox(sync: new JsonObject { ["MaxFileSizeBytes"] = MaxFileSize });
        var fixture = DaemonFixtureFiles.WriteTree(sandbox.ServerPath, 300, 1024, 8 * 1024);
        string[] filtered = ["image.bin", "notes.tmp", "draft.swp", "backup.txt~", "4913", "build/out.txt", "debug.log", "big.txt"];
        File.WriteAllBytes(sandbox.ServerFile("image.bin"), [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0x0D, 1, 2, 3]);
        foreach (string name in new[] { "notes.tmp", "draft.swp", "backup.txt~", "4913", ".#lock", ".hidden.txt", ".config/settings.txt", "build/out.txt", "debug.log" })
        {
            DaemonFixtureFiles.Write(sandbox.ServerPath, name, $"{name} must stay on the server\n");
        }

        DaemonFixtureFiles.Write(sandbox.ServerPath, ".foldersyncignore", "build/\n*.log\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "big.txt", DaemonFixtureFiles.Text(1, MaxFileSize + 4096));
        DaemonFixtureFiles.Write(sandbox.ServerPath, "small/readme.txt", "small enough\n");
        // The client's own filtered files are what its status reports as skipped.
        Directory.CreateDirectory(sandbox.ClientPath());
        File.WriteAllBytes(sandbox.ClientFile("local.bin"), [0, 1, 2, 0, 255]);
        DaemonFixtureFiles.Write(sandbox.ClientPath(), "local-big.txt", DaemonFixtureFiles.Text(2, MaxFileSize + 1));

        var server = await sandbox.StartServerAsync();
        var started = Stopwatch.StartNew();
        var client = sandbox.StartClient();
        var expected = DaemonTree.Snapshot(sandbox.ServerPath);
        foreach (string path in filtered.Append("build"))
        {
            Assert.That(expected.Remove(path), Is.True, path);
        }

        await Eventually.TrueAsync(
            () => DaemonTree.Snapshot(sandbox.ClientPath()).Count >= expected.Count + 2,
            TimeSpan.FromSeconds(20),
            "every text file to arrive");
        var status = await client.WaitIdleAsync();
        var elapsed = started.Elapsed;

        var actual = DaemonTree.Snapshot(sandbox.ClientPath());
        Assert.Multiple(() =>
        {
            Assert.That(actual.Remove("local.bin") && actual.Remove("local-big.txt"), Is.True, "the client's own files stay");
            Assert.That(DaemonTree.Difference(expected, actual), Is.Empty);
            Assert.That(DaemonTree.AllFiles(sandbox.ClientPath()).Where(f => f.StartsWith('.') || f.Contains("/.", StringComparison.Ordinal)), Is.Empty, "no hidden file reaches the client");
            Assert.That(status["filesTracked"]!.GetValue<int>(), Is.EqualTo(fixture.Count + 1));
            var skipped = status["skipped"]!["paths"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList();
            Assert.That(skipped, Is.SupersetOf(new[] { "local.bin", "local-big.txt" }), status["skipped"]!.ToJsonString());
            Assert.That(status["skipped"]!["count"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(2));
        });

        long bytes = fixture.Sum(p => new FileInfo(sandbox.ServerFile(p)).Length);
        await TestContext.Out.WriteLineAsync(
            $"first sync of {fixture.Count} files ({bytes / 1024} KiB): {elapsed.TotalMilliseconds:0} ms from client process start to idle; "
            + $"RSS server {server.RssKiB() / 1024} MiB, client {client.RssKiB() / 1024} MiB");
    }
}
