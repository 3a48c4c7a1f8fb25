using System.Text;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>A link cut mid-transfer and a client stopped abruptly: nothing partial, nothing sent twice.</summary>
[TestFixture]
public sealed class EngineInterruptionTests
{
    private const int BigSize = 20 * 1024 * 1024;

    [Test]
    public async Task ACutInTheMiddleOfABodyLeavesNoPartialFileAndTheFileArrivesAfterReconnect()
    {
        await using var pair = new EnginePair();
        string big = BigText(BigSize);
        File.WriteAllText(pair.Server("big.txt"), big);
        string sha256 = EngineTreeSnapshot.Sha256Of(pair.Server("big.txt"));
        await pair.StartServerAsync();
        await using var proxy = new EngineCutProxy(pair.Port);
        proxy.CutNextAfter(8 * 1024 * 1024);

        // Watch the target for the whole transfer: it is absent or complete, never in between.
        string target = pair.Local("big.txt");
        using var watching = new CancellationTokenSource();
        var partialSizes = new List<long>();
        var watcher = Task.Run(() =>
        {
            while (!watching.IsCancellationRequested)
            {
                var info = new FileInfo(target);
                if (info.Exists && info.Length != BigSize)
                {
                    partialSizes.Add(info.Length);
                }
            }
        });

        await pair.StartClientAsync(port: proxy.Port);
        await Eventually.TrueAsync(() => proxy.Cuts == 1, TimeSpan.FromSeconds(20), "the proxy to cut the first connection mid-body");
        proxy.Hold(true);
        int accepted = proxy.Accepted;
        await Eventually.TrueAsync(() => proxy.Accepted > accepted, TimeSpan.FromSeconds(10), "the client to try to reconnect");
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(target), Is.False, "nothing of the cut transfer is at the target");
            Assert.That(TempFiles(pair.ClientPath), Is.Empty, "the cut transfer's temp file is removed");
        });

        proxy.Hold(false);
        await Eventually.TrueAsync(() => new FileInfo(target) is { Exists: true, Length: BigSize }, TimeSpan.FromSeconds(30), "the file to arrive after reconnecting");
        await watching.CancelAsync();
        await watcher;
        await pair.IdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(partialSizes, Is.Empty, "a partial file was visible at the target");
            Assert.That(EngineTreeSnapshot.Sha256Of(target), Is.EqualTo(sha256));
            Assert.That(TempFiles(pair.ClientPath), Is.Empty);
            Assert.That(TempFiles(pair.ServerPath), Is.Empty);
        });
        await pair.AssertInvariantsAsync(); // while the proxy still runs: the client reaches the server only through it
    }

    /// <summary>
    /// The client stopped after a file reached its disk but before its row did (or the row was lost): the
    /// file holds exactly the server's content. It is recognised by its hash, not sent back nor made a conflict.
    /// </summary>
    [Test]
    public async Task DiskAheadOfStateIsRecognisedByHash()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("edited.txt"), "v1\n");
        File.WriteAllText(pair.Server("stable.txt"), "stable\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("stable.txt"), "stable\n");
        await Eventually.FileHasAsync(pair.Local("edited.txt"), "v1\n");
        await pair.IdleAsync();
        await pair.StopClientAsync();

        // While the client is down the server changes two paths, and their new content reaches the client's
        // disk without its state: the rename landed, the commit did not.
        File.WriteAllText(pair.Server("edited.txt"), "v2 from the server\n");
        File.WriteAllText(pair.Server("created.txt"), "created on the server\n");
        await Eventually.TrueAsync(() => pair.Folder.Sequence >= 4, TimeSpan.FromSeconds(10), "the server to record its changes");
        File.WriteAllText(pair.Local("edited.txt"), "v2 from the server\n");
        File.WriteAllText(pair.Local("created.txt"), "created on the server\n");

        // And a row the server's delta will not mention is lost, its file rewritten with the same content.
        using (var store = StateStore.Open(Path.Combine(pair.StateDir(), "client.db")))
        {
            store.Delete(RelativePath.Parse("stable.txt"));
        }

        File.WriteAllText(pair.Local("stable.txt"), "stable\n");
        long sequence = pair.Folder.Sequence;

        await pair.StartClientAsync();
        await pair.IdleAsync();
        var status = await pair.Client.GetStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(pair.Folder.Sequence, Is.EqualTo(sequence), "nothing was uploaded");
            Assert.That(pair.LogOf("client0").Where(l => l.StartsWith("[client0] upload ", StringComparison.Ordinal)), Is.Empty);
            Assert.That(Directory.EnumerateFiles(pair.ServerPath).Where(f => f.Contains(".sync-conflict-", StringComparison.Ordinal)), Is.Empty, "no conflict copy");
            Assert.That(Directory.EnumerateFiles(pair.ClientPath).Where(f => f.Contains(".sync-conflict-", StringComparison.Ordinal)), Is.Empty);
            Assert.That((int)status["localOnly"]!["count"]!, Is.Zero, "the server's files are not taken for local creates");
        });

        // The recognised file has its base again: an edit of it is an ordinary edit that reaches the server.
        File.WriteAllText(pair.Local("stable.txt"), "stable, edited\n");
        await Eventually.FileHasAsync(pair.Server("stable.txt"), "stable, edited\n");
        await pair.StopClientAsync();
        using var reopened = StateStore.Open(Path.Combine(pair.StateDir(), "client.db"));
        foreach (var path in new[] { "edited.txt", "created.txt" })
        {
            var record = reopened.Get(RelativePath.Parse(path));
            Assert.That(record, Is.Not.Null, path);
            Assert.That(record!.BaseSha256, Is.EqualTo(record.Sha256), $"{path} has the server's content as its base");
        }
    }

    /// <summary>Temp files a killed daemon left are found by the start-up scan's walk and removed on both sides.</summary>
    [Test]
    public async Task TempFilesLeftByAKilledDaemonAreRemovedAtStart()
    {
        await using var pair = new EnginePair();
        Directory.CreateDirectory(pair.Server("sub"));
        Directory.CreateDirectory(pair.Local("deep/er"));
        File.WriteAllText(pair.Server("sub/.foldersync-tmp-0011223344556677"), "half a body");
        File.WriteAllText(pair.Local("deep/er/.foldersync-tmp-8899aabbccddeeff"), "half a body");
        File.WriteAllText(pair.Server("kept.txt"), "kept\n");

        await pair.StartServerAsync();
        Assert.That(TempFiles(pair.ServerPath), Is.Empty, "the server's start removed its leftover");
        await pair.StartClientAsync();
        Assert.That(TempFiles(pair.ClientPath), Is.Empty, "the client's start removed its leftover");
        await Eventually.FileHasAsync(pair.Local("kept.txt"), "kept\n");
    }

    /// <summary>
    /// The daemon listens before its folders have scanned: a client that connects then waits for the scan
    /// (past the handshake deadline), and gets an index that includes what the scan found.
    /// </summary>
    [Test]
    public async Task AClientConnectingWhileTheServerFolderStartsIsServedOnceItHasScanned()
    {
        var deadline = TimeSpan.FromSeconds(1); // TLS on a cold, loaded test process must fit in it
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("found-by-the-start-up-scan.txt"), "scanned\n");
        pair.Listen(security: pair.DefaultServerSecurity() with { HandshakeTimeout = deadline });
        await pair.StartClientAsync();
        await Eventually.TrueAsync(() => pair.SyncServer.Sessions.Any(s => s.ClientId == "client0"), TimeSpan.FromSeconds(10), "the client's HELLO to reach the server");
        int timedOutBefore = TimedOut(pair); // an earlier attempt may have timed out in TLS on a loaded machine

        // The folder's scan outlasts the handshake deadline, which started before the HELLO (the clock is the condition here, on purpose).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.TrueAsync(() => waited.Elapsed > deadline * 1.2, TimeSpan.FromSeconds(5), "the handshake deadline to pass");
        var waiting = await pair.Client.GetStatusAsync();
        Assert.That((bool)waiting["connected"]!, Is.False, "no WELCOME before the folder has started");

        await pair.StartFolderAsync();
        await Eventually.FileHasAsync(pair.Local("found-by-the-start-up-scan.txt"), "scanned\n");
        await pair.IdleAsync();
        Assert.That(TimedOut(pair), Is.EqualTo(timedOutBefore), "the waiting session was not dropped at the deadline");
    }

    private static int TimedOut(EnginePair pair) => pair.ServerLog.Count(l => l.Contains("timed out", StringComparison.Ordinal));

    private static string BigText(int size)
    {
        var text = new StringBuilder(size);
        for (int line = 0; text.Length < size; line++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{line:D10} the quick brown fox jumps over the lazy dog\n");
        }

        return text.ToString(0, size - 1) + "\n";
    }

    private static List<string> TempFiles(string root) =>
        [.. Directory.EnumerateFiles(root, ".foldersync-tmp-*", SearchOption.AllDirectories)];
}
