using FolderSync.Client.Security;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;
using FolderSync.Server.Security;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>A Full client's renames travel as FILE_MOVE: the server renames its own copy and every other client follows.</summary>
[TestFixture]
public sealed class EngineMoveTests
{
    /// <summary>The counting proxy reads frames, so these runs use plain TCP (allowed on loopback only).</summary>
    private static readonly ClientSecurityOptions PlainLoopback = new() { UseTls = false, AllowPlainTcp = true };

    [Test]
    public async Task A_directory_of_300_files_renamed_on_a_client_is_one_move_everywhere()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        Directory.CreateDirectory(pair.Server("project/src"));
        long size = 0;
        for (int i = 0; i < 300; i++)
        {
            string text = string.Concat(Enumerable.Repeat($"line of file {i}\n", 200));
            File.WriteAllText(pair.Server($"project/src/file{i:D3}.txt"), text);
            size += text.Length;
        }

        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port);
        await pair.StartClientAsync(0, port: proxy.Port, security: PlainLoopback);
        await pair.StartClientAsync(1, port: pair.Port, security: PlainLoopback);
        await Eventually.TrueAsync(() => Enumerable.Range(0, 2).All(c => Count(pair.LocalRoot(c), "project") == 300), TimeSpan.FromSeconds(60), "both clients have the tree");
        await pair.IdleAsync(0);
        await pair.IdleAsync(1);
        var inodes = Inodes(pair.ServerPath, "project");

        long before = proxy.ClientToServerBytes;
        Directory.Move(pair.Local("project"), pair.Local("renamed"));
        if ((string?)(await pair.Client.GetStatusAsync())["watcher"]?["mode"] == "Polling")
        {
            // No inotify (its instances used up by parallel suites): the client finds the rename at its rescan, run now rather than in up to 60 s.
            await pair.Client.RescanAsync();
        }

        try
        {
            await Eventually.TrueAsync(() => Count(pair.ServerPath, "renamed") == 300 && !Directory.Exists(pair.Server("project")), TimeSpan.FromSeconds(60), "the server moved the tree");
        }
        catch (AssertionException timedOut)
        {
            // This has timed out about once in five full-suite runs and never alone: say what the server holds.
            Assert.Fail($"{timedOut.Message}; server: {Count(pair.ServerPath, "project")} files in project, {Count(pair.ServerPath, "renamed")} in renamed, "
                + $"{pair.Folder.HeldDeletes} deletes held ({pair.Folder.HeldDeletesReason ?? "none"})");
        }
        await Eventually.TrueAsync(() => Count(pair.LocalRoot(1), "renamed") == 300 && !Directory.Exists(pair.Local("project", 1)), TimeSpan.FromSeconds(60), "the second client moved the tree");
        await pair.IdleAsync(0);
        await pair.IdleAsync(1);

        long wire = proxy.ClientToServerBytes - before;
        TestContext.Out.WriteLine($"directory rename of 300 files ({size} bytes): {wire} bytes client→server ({100.0 * wire / size:F3} %)");
        Assert.That(wire, Is.LessThan(size / 100), "the rename went up as one FILE_MOVE, not 300 uploads");
        Assert.That(Inodes(pair.ServerPath, "renamed"), Is.EqualTo(inodes), "the server renamed its files, it did not write new ones");
        Assert.That(File.ReadAllText(pair.Local("renamed/src/file123.txt", 1)), Is.EqualTo(File.ReadAllText(pair.Local("renamed/src/file123.txt"))));
        Assert.That(pair.Folder.Store.Get(RelativePath.Parse("renamed/src/file000.txt"))?.Origin, Is.Not.EqualTo(FolderSync.Common.State.FileRecord.ServerOrigin));
        await pair.AssertInvariantsAsync();
    }

    [Test]
    public async Task A_file_renamed_on_a_client_keeps_its_inode_on_the_server()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        File.WriteAllText(pair.Server("a.txt"), "alpha\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("a.txt"), "alpha\n");
        await pair.IdleAsync();
        long inode = FileStatus.Lstat(pair.Server("a.txt"))!.Value.Inode;

        File.Move(pair.Local("a.txt"), pair.Local("b.txt"));

        await Eventually.FileHasAsync(pair.Server("b.txt"), "alpha\n");
        await Eventually.GoneAsync(pair.Server("a.txt"));
        await pair.IdleAsync();
        Assert.That(FileStatus.Lstat(pair.Server("b.txt"))!.Value.Inode, Is.EqualTo(inode));
        Assert.That(pair.LogOf("server").Any(l => l.Contains("move a.txt -> b.txt", StringComparison.Ordinal)), Is.True, "one FILE_MOVE");
    }

    [Test]
    public async Task A_move_whose_source_the_server_edits_before_it_arrives_keeps_the_edit_at_the_old_path()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        File.WriteAllText(pair.Server("a.txt"), "v1\n");
        await using var proxy = await StartHeldAsync(pair, "a.txt", "v1\n");

        // The move waits in the proxy while the server edits its source.
        File.Move(pair.Local("a.txt"), pair.Local("b.txt"));
        await Eventually.TrueAsync(() => pair.LogOf("client0").Any(l => l.Contains("move a.txt -> b.txt", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the client sent its move");
        File.WriteAllText(pair.Server("a.txt"), "v2 on the server\n");
        await Eventually.TrueAsync(() => pair.Folder.Store.Get(RelativePath.Parse("a.txt"))?.Size == 17, TimeSpan.FromSeconds(10), "the server recorded its edit");
        proxy.ResumeUpstream();

        await Eventually.FileHasAsync(pair.Server("b.txt"), "v1\n");
        await Eventually.FileHasAsync(pair.Local("a.txt"), "v2 on the server\n");
        await pair.IdleAsync();
        Assert.That(File.ReadAllText(pair.Server("a.txt")), Is.EqualTo("v2 on the server\n"), "the server's edit stays at the old path");
        Assert.That(pair.LogOf("client0").Any(l => l.Contains("did not move a.txt to b.txt", StringComparison.Ordinal)), Is.True);
        Assert.That(EngineTreeSnapshot.Difference(pair.ServerPath, pair.LocalRoot()), Is.Empty);
        await pair.AssertInvariantsAsync();
    }

    [Test]
    public async Task A_move_onto_a_name_the_server_created_meanwhile_keeps_both_contents()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        File.WriteAllText(pair.Server("a.txt"), "moved content\n");
        await using var proxy = await StartHeldAsync(pair, "a.txt", "moved content\n");

        File.Move(pair.Local("a.txt"), pair.Local("b.txt"));
        await Eventually.TrueAsync(() => pair.LogOf("client0").Any(l => l.Contains("move a.txt -> b.txt", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the client sent its move");
        File.WriteAllText(pair.Server("b.txt"), "created on the server\n");
        await Eventually.TrueAsync(() => pair.Folder.Store.Get(RelativePath.Parse("b.txt")) is { Deleted: false }, TimeSpan.FromSeconds(10), "the server recorded its create");
        proxy.ResumeUpstream();

        await Eventually.GoneAsync(pair.Server("a.txt"));
        await Eventually.TrueAsync(() => Contents(pair.ServerPath).Order().SequenceEqual(["created on the server\n", "moved content\n"]) && EngineTreeSnapshot.Difference(pair.ServerPath, pair.LocalRoot()).Length == 0,
            TimeSpan.FromSeconds(20), "both contents on both sides, one as a conflict copy");
        await pair.IdleAsync();
        await pair.AssertInvariantsAsync();
    }

    /// <summary>
    /// A Full pair synced through a proxy that holds everything the client sends from now on, for less than the ping
    /// timeout (5 s): the moves the tests make wait there while the server changes the same paths.
    /// </summary>
    private static async Task<EngineCutProxy> StartHeldAsync(EnginePair pair, string file, string content)
    {
        await pair.StartServerAsync();
        var proxy = new EngineCutProxy(pair.Port);
        await pair.StartClientAsync(port: proxy.Port);
        await Eventually.FileHasAsync(pair.Local(file), content);
        await pair.IdleAsync();
        // A read already waiting in the proxy lets one more frame through: the client's next PING (1 s) is that frame.
        proxy.StallUpstreamAfter(0);
        await Eventually.TrueAsync(() => proxy.UpstreamStalled, TimeSpan.FromSeconds(5), "the proxy holds what the client sends");
        return proxy;
    }

    private static IEnumerable<string> Contents(string root) =>
        Directory.GetFiles(root, "*.txt", SearchOption.AllDirectories).Select(File.ReadAllText);

    private static int Count(string root, string directory) =>
        Directory.Exists(Path.Combine(root, directory)) ? Directory.GetFiles(Path.Combine(root, directory), "*.txt", SearchOption.AllDirectories).Length : 0;

    private static List<long> Inodes(string root, string directory) =>
        [.. Directory.GetFiles(Path.Combine(root, directory), "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => FileStatus.Lstat(f)!.Value.Inode)];
}
