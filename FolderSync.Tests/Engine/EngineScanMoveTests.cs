using FolderSync.Client.Security;
using FolderSync.Common.Configuration;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Sync;
using FolderSync.Server.Security;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>
/// Renames that inotify never reported as a pair (made while a daemon was down, or found by a polling client's rescan)
/// still travel as one FILE_MOVE: no content sent again, and no mass delete for the guard to hold.
/// </summary>
[TestFixture]
public sealed class EngineScanMoveTests
{
    private const int Files = 300;

    /// <summary>The counting proxy reads frames, so these runs use plain TCP (allowed on loopback only).</summary>
    private static readonly ClientSecurityOptions PlainLoopback = new() { UseTls = false, AllowPlainTcp = true };

    /// <param name="watch">False: the client polls (no inotify), as when fs.inotify.max_user_instances is used up.</param>
    [TestCase(true)]
    [TestCase(false)]
    public async Task A_directory_of_300_files_renamed_while_the_client_was_stopped_is_one_move_after_it_restarts(bool watch)
    {
        var sync = SyncWith(watch);
        await using var pair = new EnginePair(AccessMode.Full);
        long size = WriteTree(pair);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port);
        await StartSyncedAsync(pair, proxy, sync);
        var inodes = Inodes(pair.ServerPath, "project");
        await pair.StopClientAsync(0);

        Directory.Move(pair.Local("project"), pair.Local("renamed"));
        long before = proxy.ClientToServerBytes;
        await pair.StartClientAsync(0, port: proxy.Port, security: PlainLoopback, sync: sync);

        await AssertOneMoveEverywhereAsync(pair, proxy, before, size, inodes);
    }

    [Test]
    public async Task A_directory_of_300_files_renamed_on_a_polling_client_is_one_move_at_its_rescan()
    {
        var sync = SyncWith(watch: false);
        await using var pair = new EnginePair(AccessMode.Full);
        long size = WriteTree(pair);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port);
        await StartSyncedAsync(pair, proxy, sync);
        var inodes = Inodes(pair.ServerPath, "project");

        Directory.Move(pair.Local("project"), pair.Local("renamed"));
        long before = proxy.ClientToServerBytes;
        await pair.Client.RescanAsync(); // What the polling timer runs; no inotify event comes.

        await AssertOneMoveEverywhereAsync(pair, proxy, before, size, inodes);
    }

    [Test]
    public async Task A_directory_renamed_on_the_server_host_while_it_was_down_is_one_move_there()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        WriteTree(pair);
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.TrueAsync(() => Count(pair.ClientPath, "project") == Files, TimeSpan.FromSeconds(60), "the client has the tree");
        await pair.IdleAsync();
        await pair.StopClientAsync();
        await pair.StopServerAsync();

        Directory.Move(pair.Server("project"), pair.Server("renamed"));
        await pair.StartServerAsync();
        await pair.StartClientAsync();

        await Eventually.TrueAsync(() => Count(pair.ClientPath, "renamed") == Files && !Directory.Exists(pair.Local("project")), TimeSpan.FromSeconds(60), "the client follows the rename");
        await pair.IdleAsync();
        Assert.That(pair.LogOf("server").Count(l => l.Contains("server change move project -> renamed", StringComparison.Ordinal)), Is.EqualTo(1), "the start-up scan made it one move");
        Assert.That(pair.Folder.HeldDeletes, Is.Zero);
        Assert.That(EngineTreeSnapshot.Difference(pair.ServerPath, pair.ClientPath), Is.Empty);
        await pair.AssertInvariantsAsync();
    }

    [Test]
    public async Task A_directory_renamed_on_a_polling_server_host_is_one_move_for_its_clients()
    {
        // The server polls (its rescan every 5 s is the poll); the client watches.
        await using var pair = new EnginePair(AccessMode.Full, sync: new SyncOptions { DebounceMilliseconds = EnginePair.Sync.DebounceMilliseconds, RescanIntervalSeconds = 5, Watch = false });
        WriteTree(pair);
        await pair.StartServerAsync();
        await pair.StartClientAsync(sync: SyncWith(watch: true));
        await Eventually.TrueAsync(() => Count(pair.ClientPath, "project") == Files, TimeSpan.FromSeconds(60), "the client has the tree");
        await pair.IdleAsync();
        var inodes = Inodes(pair.ClientPath, "project");

        Directory.Move(pair.Server("project"), pair.Server("renamed"));

        await Eventually.TrueAsync(() => Count(pair.ClientPath, "renamed") == Files && !Directory.Exists(pair.Local("project")), TimeSpan.FromSeconds(60),
            $"the client follows the rename (the server holds {pair.Folder.HeldDeletes} deletes)");
        await pair.IdleAsync();
        Assert.That(pair.LogOf("server").Count(l => l.Contains("server change move project -> renamed", StringComparison.Ordinal)), Is.EqualTo(1), "the rescan made it one move");
        Assert.That(Inodes(pair.ClientPath, "renamed"), Is.EqualTo(inodes), "the client renamed its files, it did not download them again");
        Assert.That(pair.Folder.HeldDeletes, Is.Zero, "a rename is no mass delete");
        await pair.AssertInvariantsAsync();
    }

    /// <summary>Both daemons' usual test settings; without inotify when <paramref name="watch"/> is false (the rescan is then the poll).</summary>
    private static SyncOptions SyncWith(bool watch) => new()
    {
        DebounceMilliseconds = EnginePair.Sync.DebounceMilliseconds,
        RescanIntervalSeconds = EnginePair.Sync.RescanIntervalSeconds,
        Watch = watch,
    };

    private static long WriteTree(EnginePair pair)
    {
        Directory.CreateDirectory(pair.Server("project/src"));
        long size = 0;
        for (int i = 0; i < Files; i++)
        {
            string text = string.Concat(Enumerable.Repeat($"line of file {i}\n", 200));
            File.WriteAllText(pair.Server($"project/src/file{i:D3}.txt"), text);
            size += text.Length;
        }

        return size;
    }

    /// <summary>Client 0 through the counting proxy with <paramref name="sync"/>, client 1 direct, both holding the tree and idle.</summary>
    private static async Task StartSyncedAsync(EnginePair pair, DeltaCountingProxy proxy, SyncOptions sync)
    {
        await pair.StartClientAsync(0, port: proxy.Port, security: PlainLoopback, sync: sync);
        await pair.StartClientAsync(1, port: pair.Port, security: PlainLoopback);
        await Eventually.TrueAsync(() => Enumerable.Range(0, 2).All(c => Count(pair.LocalRoot(c), "project") == Files), TimeSpan.FromSeconds(60), "both clients have the tree");
        await pair.IdleAsync(0);
        await pair.IdleAsync(1);
    }

    private static async Task AssertOneMoveEverywhereAsync(EnginePair pair, DeltaCountingProxy proxy, long before, long size, List<long> inodes)
    {
        await Eventually.TrueAsync(() => Count(pair.ServerPath, "renamed") == Files && !Directory.Exists(pair.Server("project")), TimeSpan.FromSeconds(60),
            $"the server moved the tree (it holds {pair.Folder.HeldDeletes} deletes)");
        await Eventually.TrueAsync(() => Count(pair.LocalRoot(1), "renamed") == Files && !Directory.Exists(pair.Local("project", 1)), TimeSpan.FromSeconds(60), "the second client moved the tree");
        await pair.IdleAsync(0);
        await pair.IdleAsync(1);

        long wire = proxy.ClientToServerBytes - before;
        Assert.That(wire, Is.LessThan(size / 100), "the rename went up as one FILE_MOVE, not 300 uploads");
        Assert.That(pair.LogOf("client0").Count(l => l.Contains("move project -> renamed", StringComparison.Ordinal)), Is.EqualTo(1), "one FILE_MOVE");
        Assert.That(Inodes(pair.ServerPath, "renamed"), Is.EqualTo(inodes), "the server renamed its files, it did not write new ones");
        Assert.That(pair.Folder.HeldDeletes, Is.Zero, "nothing for the delete guard");
        Assert.That(File.ReadAllText(pair.Local("renamed/src/file123.txt", 1)), Is.EqualTo(File.ReadAllText(pair.Local("renamed/src/file123.txt"))));
        await pair.AssertInvariantsAsync();
    }

    private static int Count(string root, string directory) =>
        Directory.Exists(Path.Combine(root, directory)) ? Directory.GetFiles(Path.Combine(root, directory), "*.txt", SearchOption.AllDirectories).Length : 0;

    private static List<long> Inodes(string root, string directory) =>
        [.. Directory.GetFiles(Path.Combine(root, directory), "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => FileStatus.Lstat(f)!.Value.Inode)];
}
