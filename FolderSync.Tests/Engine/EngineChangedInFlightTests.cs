using System.Text;
using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>
/// A file rewritten or deleted while its upload is in flight: the server never installs a mix (it checks the
/// SHA-256), the client sends what is there now (or a delete), and no error is left behind. The proxy stalls the
/// client's bytes mid-body so the change lands while the body is being read.
/// </summary>
[TestFixture]
public sealed class EngineChangedInFlightTests
{
    private const int BigSize = 24 * 1024 * 1024;
    private const int StallAfterBytes = 256 * 1024;

    [Test]
    public async Task AFileRewrittenWhileItsBodyIsInFlightArrivesWithItsLatestContent()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        await using var proxy = await StartStalledAsync(pair);
        string path = pair.Local("big.txt");
        File.WriteAllText(path, BigText(BigSize, "first"));
        await Eventually.TrueAsync(() => proxy.UpstreamStalled, TimeSpan.FromSeconds(20), "the upload to stall mid-body");

        // In place (same inode, truncate and write): the sender reads on from its open descriptor into the new bytes.
        string latest = BigText(BigSize, "second");
        File.WriteAllText(path, latest);
        proxy.ResumeUpstream();

        string sha256 = EngineTreeSnapshot.Sha256Of(path);
        await Eventually.TrueAsync(() => File.Exists(pair.Server("big.txt")) && EngineTreeSnapshot.Sha256Of(pair.Server("big.txt")) == sha256,
            TimeSpan.FromSeconds(30), "the latest content on the server");
        await pair.IdleAsync();
        await AssertCleanAsync(pair);
        Assert.Multiple(() =>
        {
            Assert.That(pair.ServerLog.Concat(pair.LogOf("server")).Any(l => l.Contains("did not match its hash", StringComparison.Ordinal)), Is.True,
                "the server refused the mixed body (otherwise the edit did not land mid-body and this test proves nothing)");
            Assert.That(EngineTreeSnapshot.Sha256Of(pair.Local("big.txt")), Is.EqualTo(sha256), "the client keeps its latest content");
        });
        await pair.AssertInvariantsAsync(); // while the proxy still runs: the client reaches the server only through it
    }

    [Test]
    public async Task FilesDeletedWhileTheirUploadsAreInFlightAreDeletedOnTheServerToo()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        await using var proxy = await StartStalledAsync(pair);
        File.WriteAllText(pair.Local("big.txt"), BigText(BigSize, "doomed"));
        await Eventually.TrueAsync(() => proxy.UpstreamStalled, TimeSpan.FromSeconds(20), "the upload to stall mid-body");

        // Queued behind the stalled body: its turn comes after it is gone.
        File.WriteAllText(pair.Local("small.txt"), "short-lived\n");
        await Eventually.TrueAsync(() => pair.LogOf("client0").Any(l => l.Contains("upload small.txt", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "small.txt queued for upload");
        File.Delete(pair.Local("big.txt"));
        File.Delete(pair.Local("small.txt"));
        proxy.ResumeUpstream();

        await Eventually.TrueAsync(() => pair.LogOf("client0").Any(l => l.Contains("small.txt vanished before it could be sent", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the client to notice small.txt was gone when its turn came");
        await Eventually.GoneAsync(pair.Server("big.txt"), TimeSpan.FromSeconds(30));
        await pair.IdleAsync();
        await AssertCleanAsync(pair);
        Assert.That(File.Exists(pair.Server("small.txt")), Is.False, "small.txt never reaches the server");
        await pair.AssertInvariantsAsync(); // while the proxy still runs: the client reaches the server only through it
    }

    /// <summary>Server, a proxy with a small receive buffer and a connected, idle client; the next upload stalls mid-body.</summary>
    private static async Task<EngineCutProxy> StartStalledAsync(EnginePair pair)
    {
        await pair.StartServerAsync();
        var proxy = new EngineCutProxy(pair.Port, receiveBufferBytes: 64 * 1024);
        await pair.StartClientAsync(port: proxy.Port);
        await pair.IdleAsync();
        proxy.StallUpstreamAfter(StallAfterBytes);
        return proxy;
    }

    /// <summary>Both trees equal, no temp file, no problem listed and no error on the client.</summary>
    private static async Task AssertCleanAsync(EnginePair pair)
    {
        var status = await pair.Client.GetStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(EngineTreeSnapshot.Difference(pair.ServerPath, pair.LocalRoot()), Is.Empty, "both sides converge");
            Assert.That(Directory.EnumerateFiles(pair.Root, ".foldersync-tmp-*", SearchOption.AllDirectories), Is.Empty, "no temp file is left");
            Assert.That((int)status["problems"]!["count"]!, Is.Zero, status.ToJsonString());
            Assert.That(pair.Client.LastError, Is.Null, "nothing went wrong that a user must see");
        });
    }

    private static string BigText(int size, string word)
    {
        var text = new StringBuilder(size);
        for (int line = 0; text.Length < size; line++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{line:D10} {word} brown fox jumps over the lazy dog\n");
        }

        return text.ToString(0, size - 1) + "\n";
    }
}
