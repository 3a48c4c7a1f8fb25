using System.Diagnostics;
using System.Security.Cryptography;
using FolderSync.Client.Security;
using FolderSync.Common.Delta;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Server.Security;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Delta;

/// <summary>Server pushes of large-file edits go as FILE_DELTA over real TCP, counted by a proxy in between.</summary>
public sealed class DeltaEngineTests
{
    /// <summary>The counting proxy reads frames, so these runs use plain TCP (allowed on loopback only).</summary>
    private static readonly ClientSecurityOptions PlainLoopback = new() { UseTls = false, AllowPlainTcp = true };

    private const int Mib = 1024 * 1024;

    [Test]
    public async Task A_one_line_edit_in_64_MiB_reaches_the_client_with_under_one_percent_on_the_wire()
    {
        await using var pair = new EnginePair();
        byte[] original = DeltaText.Generate(64 * Mib, seed: 41);
        File.WriteAllBytes(pair.Server("big.txt"), original);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port);
        await pair.StartClientAsync(port: proxy.Port, security: PlainLoopback);
        await Eventually.FileHasBytesAsync(pair.Local("big.txt"), original);
        await pair.IdleAsync();
        await ChunkListsRecordedAsync(pair);
        long before = proxy.ServerToClientBytes;

        byte[] edited = DeltaText.ReplaceLine(original, original.Length / 2, "one line edited on the server");
        var watch = Stopwatch.StartNew();
        DaemonFixtureFiles.WriteByRename(pair.Root, pair.Server("big.txt"), edited);
        await Eventually.FileHasBytesAsync(pair.Local("big.txt"), edited);
        await pair.IdleAsync();

        long wire = proxy.ServerToClientBytes - before;
        TestContext.Out.WriteLine($"one-line edit in 64 MiB: {wire} bytes server→client on the wire ({100.0 * wire / edited.Length:F3} %), applied in {watch.ElapsedMilliseconds} ms; first sync moved {before} bytes");
        Assert.That(before, Is.GreaterThan(original.Length), "the first sync sent the whole file (the counter counts)");
        Assert.That(wire, Is.LessThanOrEqualTo(edited.Length / 100));
        Assert.That(proxy.CountedFrames, Is.EqualTo(1), "one FILE_DELTA");
        await pair.AssertInvariantsAsync(); // while the proxy still runs: the client reaches the server only through it
    }

    [Test]
    public async Task A_delta_that_does_not_rebuild_the_announced_content_falls_back_to_the_whole_file()
    {
        await using var pair = new EnginePair();
        byte[] original = DeltaText.Generate(2 * Mib, seed: 42);
        File.WriteAllBytes(pair.Server("big.txt"), original);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port);
        await pair.StartClientAsync(port: proxy.Port, security: PlainLoopback);
        await Eventually.FileHasBytesAsync(pair.Local("big.txt"), original);
        await pair.IdleAsync();
        await ChunkListsRecordedAsync(pair);

        // The stored list of the current version with its chunks in reverse order: the hashes match, so the
        // delta is all copies, but every copy reads the wrong range of the client's file.
        var real = FastCdcChunker.Chunk(new MemoryStream(original));
        long offset = 0;
        var reversed = real.Chunks.Reverse().Select(c => (c with { Offset = offset }, offset += c.Length).Item1).ToList();
        using (var store = StateStore.Open(Path.Combine(pair.Root, "server-state", "folder-docs.db")))
        {
            store.PutChunks(RelativePath.Parse("big.txt"), new ChunkList(Sha(original), reversed));
        }

        long before = proxy.ServerToClientBytes;
        byte[] edited = DeltaText.ReplaceLine(original, Mib, "edited");
        DaemonFixtureFiles.WriteByRename(pair.Root, pair.Server("big.txt"), edited);
        await Eventually.FileHasBytesAsync(pair.Local("big.txt"), edited);
        await pair.IdleAsync();

        long wire = proxy.ServerToClientBytes - before;
        TestContext.Out.WriteLine($"fallback: {wire} bytes on the wire for a {edited.Length}-byte file");
        Assert.That(proxy.CountedFrames, Is.EqualTo(1), "a FILE_DELTA was sent");
        Assert.That(wire, Is.GreaterThan(edited.Length), "the whole file was requested after the failed delta");
        await pair.AssertInvariantsAsync(); // while the proxy still runs: the client reaches the server only through it
    }

    [Test]
    public async Task The_chunk_list_of_a_new_large_file_is_recorded_after_its_push()
    {
        await using var pair = new EnginePair();
        byte[] original = DeltaText.Generate(2 * Mib, seed: 43);
        File.WriteAllBytes(pair.Server("big.txt"), original);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await pair.StartClientAsync(security: PlainLoopback);
        await Eventually.FileHasBytesAsync(pair.Local("big.txt"), original);
        await ChunkListsRecordedAsync(pair);

        using var store = StateStore.Open(Path.Combine(pair.Root, "server-state", "folder-docs.db"));
        var recorded = store.GetChunks(RelativePath.Parse("big.txt"));
        var expected = FastCdcChunker.Chunk(new MemoryStream(original));
        Assert.That(recorded?.Sha256, Is.EqualTo(Sha(original)));
        Assert.That(recorded!.Chunks, Is.EqualTo(expected.Chunks));
    }

    /// <summary>Lists of new files are backfilled after their push; a delta needs the list of the version before.</summary>
    private static Task ChunkListsRecordedAsync(EnginePair pair) =>
        Eventually.TrueAsync(() => pair.Folder.PendingChunkLists == 0, TimeSpan.FromSeconds(20), "the server recorded every chunk list");

    private static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
