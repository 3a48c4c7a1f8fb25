using System.Security.Cryptography;
using FolderSync.Common.Configuration;
using FolderSync.Common.Security;
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

    [Test]
    public async Task With_compression_on_text_travels_encoded_both_ways_and_arrives_byte_for_byte()
    {
        await using var pair = new EnginePair(sync: WithCompression("Always"));
        byte[] down = DeltaText.Generate(Size, seed: 7);
        byte[] up = DeltaText.Generate(Size, seed: 8);
        File.WriteAllBytes(pair.Server("notes.txt"), down);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port, countedType: "FILE_UPDATE");
        await pair.StartClientAsync(port: proxy.Port, security: PlainLoopback);
        await WaitForContentAsync(pair.Local("notes.txt"), down);
        await pair.IdleAsync();
        long serverToClient = proxy.ServerToClientBytes;

        // Written beside the folder and renamed in, as editors save: no half-written state for the watcher to catch.
        string staging = Path.Combine(pair.Root, "staging-notes.txt");
        File.WriteAllBytes(staging, up);
        File.Move(staging, pair.Local("notes.txt"), overwrite: true);
        await WaitForContentAsync(pair.Server("notes.txt"), up);
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
        byte[] down = DeltaText.Generate(Size, seed: 9);
        File.WriteAllBytes(pair.Server("notes.txt"), down);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port, countedType: "FILE_UPDATE");
        await pair.StartClientAsync(port: proxy.Port, security: PlainLoopback);
        await WaitForContentAsync(pair.Local("notes.txt"), down);
        await pair.IdleAsync();

        Assert.That(proxy.ServerToClientBytes, Is.GreaterThan(Size), "Auto does not encode for a loopback peer: the copy is cheaper");
        await pair.AssertInvariantsAsync();
    }

    [Test]
    public async Task A_client_with_compression_off_gets_raw_bodies_from_a_server_that_would_encode()
    {
        await using var pair = new EnginePair(sync: WithCompression("Always"));
        byte[] down = DeltaText.Generate(Size, seed: 10);
        File.WriteAllBytes(pair.Server("notes.txt"), down);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port, countedType: "FILE_UPDATE");
        await pair.StartClientAsync(port: proxy.Port, security: PlainLoopback, sync: WithCompression("Never"));
        await WaitForContentAsync(pair.Local("notes.txt"), down);
        await pair.IdleAsync();

        Assert.That(proxy.ServerToClientBytes, Is.GreaterThan(Size), "the client did not offer Brotli in HELLO");
        await pair.AssertInvariantsAsync();
    }

    private static Task WaitForContentAsync(string path, byte[] expected)
    {
        string sha = Convert.ToHexStringLower(SHA256.HashData(expected));
        return Eventually.TrueAsync(
            () =>
            {
                try
                {
                    return new FileInfo(path) is { Exists: true } info && info.Length == expected.Length
                        && Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) == sha;
                }
                catch (IOException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(20),
            $"{path} holds the expected {expected.Length} bytes");
    }
}
