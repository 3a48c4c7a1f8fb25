using FolderSync.Client.Security;
using FolderSync.Common.Configuration;
using FolderSync.Server.Security;
using FolderSync.Tests.Delta;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Compression;

/// <summary>Brotli bodies between real engines over TCP, counted by a proxy in between (plain TCP, loopback only).</summary>
public sealed class CompressionEngineTests
{
    private static readonly ClientSecurityOptions PlainLoopback = new() { UseTls = false, AllowPlainTcp = true };

    private const int Size = 512 * 1024; // under the delta threshold: each change travels as a FILE_UPDATE

    private static SyncOptions WithCompression(string mode) => new()
    {
        DebounceMilliseconds = EnginePair.Sync.DebounceMilliseconds,
        RescanIntervalSeconds = EnginePair.Sync.RescanIntervalSeconds,
        Compression = mode,
    };

    /// <summary>A server holding <c>notes.txt</c> = <paramref name="content"/>, a client behind a FILE_UPDATE-counting proxy, synced.</summary>
    private static async Task<DeltaCountingProxy> StartSyncedAsync(EnginePair pair, byte[] content, SyncOptions? clientSync = null)
    {
        File.WriteAllBytes(pair.Server("notes.txt"), content);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        var proxy = new DeltaCountingProxy(pair.Port, countedType: "FILE_UPDATE");
        await pair.StartClientAsync(port: proxy.Port, security: PlainLoopback, sync: clientSync);
        await Eventually.FileHasBytesAsync(pair.Local("notes.txt"), content);
        await pair.IdleAsync();
        return proxy;
    }

    [Test]
    public async Task With_compression_on_text_travels_encoded_both_ways_and_arrives_byte_for_byte()
    {
        await using var pair = new EnginePair(sync: WithCompression("Always"));
        byte[] down = DeltaText.Generate(Size, seed: 7);
        byte[] up = DeltaText.Generate(Size, seed: 8);
        await using var proxy = await StartSyncedAsync(pair, down);
        long serverToClient = proxy.ServerToClientBytes;

        DaemonFixtureFiles.WriteByRename(pair.Root, pair.Local("notes.txt"), up);
        await Eventually.FileHasBytesAsync(pair.Server("notes.txt"), up);
        await pair.IdleAsync();
        long clientToServer = proxy.ClientToServerBytes;

        TestContext.Out.WriteLine($"{Size}-byte text file: {serverToClient} bytes down, {clientToServer} bytes up (all frames)");
        Assert.That(serverToClient, Is.LessThan(Size / 2), "the download was encoded");
        Assert.That(clientToServer, Is.LessThan(Size / 2), "the upload was encoded");
        Assert.That(proxy.CountedFrames, Is.EqualTo(1), "one FILE_UPDATE down");
        Assert.That(proxy.ClientCountedFrames, Is.EqualTo(1), "one FILE_UPDATE up");
        await pair.AssertInvariantsAsync(); // while the proxy still runs: the client reaches the server only through it
    }

    [Test]
    public async Task By_default_nothing_is_encoded_on_loopback()
    {
        await using var pair = new EnginePair();
        await using var proxy = await StartSyncedAsync(pair, DeltaText.Generate(Size, seed: 9));

        Assert.That(proxy.ServerToClientBytes, Is.GreaterThan(Size), "Auto does not encode for a loopback peer: the copy is cheaper");
        await pair.AssertInvariantsAsync();
    }

    [Test]
    public async Task A_client_with_compression_off_gets_raw_bodies_from_a_server_that_would_encode()
    {
        await using var pair = new EnginePair(sync: WithCompression("Always"));
        await using var proxy = await StartSyncedAsync(pair, DeltaText.Generate(Size, seed: 10), clientSync: WithCompression("Never"));

        Assert.That(proxy.ServerToClientBytes, Is.GreaterThan(Size), "the client did not offer Brotli in HELLO");
        await pair.AssertInvariantsAsync();
    }
}
