using System.Security.Cryptography;
using System.Text;
using FolderSync.Client.Security;
using FolderSync.Common.Protocol;
using FolderSync.Common.Transfer;
using FolderSync.Server.Security;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Delta;

/// <summary>Client edits of large files go up as FILE_DELTA over real TCP, counted by a proxy in between.</summary>
public sealed class DeltaUploadTests
{
    /// <summary>The counting proxy reads frames, so these runs use plain TCP (allowed on loopback only).</summary>
    private static readonly ClientSecurityOptions PlainLoopback = new() { UseTls = false, AllowPlainTcp = true };

    private const int Mib = 1024 * 1024;

    [Test]
    public async Task One_line_edits_on_the_client_reach_the_server_with_under_one_percent_on_the_wire()
    {
        await using var pair = new EnginePair();
        byte[] original = DeltaText.Generate(8 * Mib, seed: 51);
        File.WriteAllBytes(pair.Server("big.txt"), original);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port);
        await pair.StartClientAsync(port: proxy.Port, security: PlainLoopback);
        await Eventually.FileHasBytesAsync(pair.Local("big.txt"), original);
        await pair.IdleAsync();
        await ClientChunkListsRecordedAsync(pair);

        // The first edit's base is the downloaded version; the second's is the first edit, whose list the upload stored.
        byte[] content = original;
        for (int edit = 1; edit <= 2; edit++)
        {
            long before = proxy.ClientToServerBytes;
            content = DeltaText.ReplaceLine(content, content.Length * edit / 3, $"edit {edit} made on the client");
            DaemonFixtureFiles.WriteByRename(pair.Root, pair.Local("big.txt"), content);
            await Eventually.FileHasBytesAsync(pair.Server("big.txt"), content);
            await pair.IdleAsync();

            long wire = proxy.ClientToServerBytes - before;
            TestContext.Out.WriteLine($"edit {edit}: one line in {content.Length} bytes cost {wire} bytes client→server ({100.0 * wire / content.Length:F3} %)");
            Assert.That(wire, Is.LessThan(content.Length / 100));
            Assert.That(proxy.ClientCountedFrames, Is.EqualTo(edit), "one FILE_DELTA per edit");
        }

        await pair.AssertInvariantsAsync(); // while the proxy still runs: the client reaches the server only through it
    }

    [Test]
    public async Task A_delta_whose_base_the_server_no_longer_has_falls_back_to_the_whole_file_and_converges()
    {
        // The two edits touch different lines and would merge (EngineHistoryTests): without merging, the conflict copy shows both sides.
        await using var pair = new EnginePair(sync: new FolderSync.Common.Configuration.SyncOptions { DebounceMilliseconds = EnginePair.Sync.DebounceMilliseconds, RescanIntervalSeconds = EnginePair.Sync.RescanIntervalSeconds, Merge = "Never" });
        byte[] original = DeltaText.Generate(2 * Mib, seed: 52);
        File.WriteAllBytes(pair.Server("big.txt"), original);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port);
        await pair.StartClientAsync(port: proxy.Port, security: PlainLoopback);
        await Eventually.FileHasBytesAsync(pair.Local("big.txt"), original);
        await pair.IdleAsync();
        await ClientChunkListsRecordedAsync(pair);

        // Both sides edit while apart: the client's delta reads from a version the server has replaced.
        await pair.StopClientAsync();
        byte[] serverEdit = DeltaText.ReplaceLine(original, Mib / 2, "edited on the server");
        DaemonFixtureFiles.WriteByRename(pair.Root, pair.Server("big.txt"), serverEdit);
        await Eventually.TrueAsync(() => pair.Folder.Store.Get(RelativePath.Parse("big.txt"))?.Sha256 == Sha(serverEdit), TimeSpan.FromSeconds(10), "the server recorded its edit");
        byte[] clientEdit = DeltaText.ReplaceLine(original, 3 * Mib / 2, "edited on the client");
        DaemonFixtureFiles.WriteByRename(pair.Root, pair.Local("big.txt"), clientEdit);
        long before = proxy.ClientToServerBytes;
        await pair.StartClientAsync(port: proxy.Port, security: PlainLoopback);

        string[] both = [Sha(serverEdit), Sha(clientEdit)];
        await Eventually.TrueAsync(() => Contents(pair.ServerPath).Order().SequenceEqual(both.Order()) && Contents(pair.ClientPath).Order().SequenceEqual(both.Order()),
            TimeSpan.FromSeconds(20), "both versions on both sides (the file and its conflict copy)");
        await pair.IdleAsync();

        long wire = proxy.ClientToServerBytes - before;
        TestContext.Out.WriteLine($"base mismatch: {wire} bytes client→server for a {clientEdit.Length}-byte file");
        Assert.That(proxy.ClientCountedFrames, Is.EqualTo(1), "a FILE_DELTA was sent first");
        Assert.That(wire, Is.GreaterThan(clientEdit.Length), "then the whole file");
        Assert.That(pair.LogOf("client0"), Has.Some.Contains("did not apply the delta"));
        await pair.AssertInvariantsAsync();
    }

    [Test]
    public async Task A_hostile_delta_is_refused_and_nothing_is_written()
    {
        await using var pair = new EnginePair();
        byte[] original = DeltaText.Generate(2 * Mib, seed: 53);
        File.WriteAllBytes(pair.Server("big.txt"), original);
        await pair.StartServerAsync();
        string baseSha = Sha(original);
        byte[] literal = "a literal line\n"u8.ToArray();
        byte[] rebuilt = [.. original.AsSpan(0, 1000), .. literal];

        await using (var peer = await SecurityPeer.ConnectAsync(pair.Port))
        {
            await peer.JoinAsync("client1", EnginePair.TokenFor(1));

            // A copy beyond the base's end, then a literal with the wrong hash: refused, the session goes on.
            await peer.SendAsync(Delta(1, 100, Sha(new byte[100]), baseSha, DeltaOp.Copy(original.Length - 10, 100)));
            await AssertAckAsync(peer, 1, AckOutcome.Failed);
            await peer.SendAsync(Delta(2, rebuilt.Length, Sha(original), baseSha, DeltaOp.Copy(0, 1000), DeltaOp.Literal(literal.Length)), literal);
            await AssertAckAsync(peer, 2, AckOutcome.Failed);
            await peer.SendAsync(Delta(3, rebuilt.Length, Sha(rebuilt), Sha(literal), DeltaOp.Copy(0, 1000), DeltaOp.Literal(literal.Length)), literal);
            await AssertAckAsync(peer, 3, AckOutcome.Failed);
            Assert.That(File.ReadAllBytes(pair.Server("big.txt")), Is.EqualTo(original), "nothing written");

            // The same session then applies a sound delta.
            await peer.SendAsync(Delta(4, rebuilt.Length, Sha(rebuilt), baseSha, DeltaOp.Copy(0, 1000), DeltaOp.Literal(literal.Length)), literal);
            await AssertAckAsync(peer, 4, AckOutcome.Accepted);
            Assert.That(File.ReadAllBytes(pair.Server("big.txt")), Is.EqualTo(rebuilt));
        }

        // Ops that do not add up to the size are a framing violation: that connection closes, the server stays up.
        await using (var peer = await SecurityPeer.ConnectAsync(pair.Port))
        {
            await peer.JoinAsync("client1", EnginePair.TokenFor(1));
            string json = $"{{\"type\":\"FILE_DELTA\",\"requestId\":5,\"path\":\"big.txt\",\"size\":99,\"mtimeNs\":1,\"sha256\":\"{Sha(rebuilt)}\",\"baseSha256\":\"{Sha(rebuilt)}\",\"sequence\":0,\"origin\":null,\"ops\":[{{\"baseOffset\":0,\"length\":1000}}]}}";
            await peer.SendRawAsync([.. Prefix(Encoding.UTF8.GetByteCount(json)), .. Encoding.UTF8.GetBytes(json)]);
            var answers = await peer.ReadToEndAsync();
            Assert.That(answers.OfType<ErrorMessage>().Select(e => e.Code), Has.Member(ErrorCode.ProtocolViolation));
        }

        await using (var peer = await SecurityPeer.ConnectAsync(pair.Port))
        {
            await peer.JoinAsync("client1", EnginePair.TokenFor(1));
        }

        Assert.That(File.ReadAllBytes(pair.Server("big.txt")), Is.EqualTo(rebuilt));
        Assert.That(Directory.GetFileSystemEntries(pair.ServerPath).Select(Path.GetFileName), Is.EqualTo(new[] { "big.txt" }), "no temp file left behind");
    }

    private static FileDeltaMessage Delta(long requestId, long size, string sha256, string baseSha256, params DeltaOp[] ops) =>
        new(requestId, "big.txt", size, 1_764_000_000_000_000_000, sha256, baseSha256, 0, null, ops);

    private static async Task AssertAckAsync(SecurityPeer peer, long requestId, AckOutcome outcome)
    {
        var ack = await peer.ReadAsync() as AckMessage;
        Assert.That(ack?.RequestId, Is.EqualTo(requestId), $"an ACK for request {requestId} (read {peer.Received.LastOrDefault()})");
        Assert.That(ack!.Outcome, Is.EqualTo(outcome), ack.Message);
        if (outcome == AckOutcome.Failed)
        {
            Assert.That(ack.Message, Is.EqualTo(DeltaReceiver.NotApplied));
        }
    }

    private static byte[] Prefix(int length) => [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length];

    private static Task ClientChunkListsRecordedAsync(EnginePair pair) =>
        Eventually.TrueAsync(() => pair.Client.PendingChunkLists == 0, TimeSpan.FromSeconds(20), "the client recorded the chunk list of its base");

    private static IEnumerable<string> Contents(string root) =>
        Directory.GetFiles(root).Where(f => !Path.GetFileName(f).StartsWith('.')).Select(f => Sha(File.ReadAllBytes(f)));

    private static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
