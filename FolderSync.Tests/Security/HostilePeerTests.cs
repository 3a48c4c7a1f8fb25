using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Security;

/// <summary>
/// A scripted authenticated peer over real TLS sends one hostile thing per case. After each: the server is alive,
/// nothing outside the folder changed, and a normal client still syncs both ways.
/// </summary>
public sealed class HostilePeerTests
{
    private static readonly string[] BadPaths = ["../x", "/etc/x", "a/../../x", "a\0b", "link/escape.txt", "link/target.txt"];

    private HostileGround _ground = null!;
    private int _round;

    private EnginePair Pair => _ground.Pair;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ground = await HostileGround.StartAsync();
        await Pair.StartClientAsync();
        await Pair.IdleAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _ground.DisposeAsync();

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("oversized length prefix", [0x7F, 0xFF, 0xFF, 0xFF, (byte)'{']);
        yield return Case("length prefix 0xFFFFFFFF", [0xFF, 0xFF, 0xFF, 0xFF]);
        yield return Case("truncated frame", [.. Prefix(100), .. "{\"type\":\"PI"u8.ToArray()]);
        yield return Case("invalid JSON", Frame("{not json at all"));
        yield return Case("unknown type", Frame("{\"type\":\"NOPE\",\"id\":1}"));
        foreach (var path in BadPaths)
        {
            var body = Encoding.UTF8.GetBytes("evil");
            yield return Case($"FILE_UPDATE {Show(path)}", SecurityPeer.Encode(Update(path, body), body));
            yield return Case($"FILE_DELETE {Show(path)}", SecurityPeer.Encode(new FileDeleteMessage(2, path, EntryKind.File, null, 0, null)));
            yield return Case($"FILE_MOVE a.txt → {Show(path)}", SecurityPeer.Encode(new FileMoveMessage(3, "a.txt", path, EntryKind.File, Sha("inside"), 0, null)));
            yield return Case($"FILE_MOVE {Show(path)} → stolen.txt", SecurityPeer.Encode(new FileMoveMessage(4, path, "stolen.txt", EntryKind.File, Sha("outside the folder"), 0, null)));
        }

        yield return Case("DIR_CREATE through the symlink", SecurityPeer.Encode(new DirCreateMessage(5, "link/newdir", 1, 0, null)));
        yield return Case("FILE_DELETE of the symlinked directory's contents", SecurityPeer.Encode(new FileDeleteMessage(6, "link", EntryKind.Directory, null, 0, null)));
        var good = "HELLO"u8.ToArray();
        yield return Case("bytes that do not match the hash", SecurityPeer.Encode(Update("mismatch.txt", "hello"u8.ToArray()), good));
        yield return Case("a body longer than announced", [.. SecurityPeer.Encode(Update("long.txt", good), good), .. "and then some more bytes"u8.ToArray()]);
        yield return Case("a body size over the limit", Frame(
            $"{{\"type\":\"FILE_UPDATE\",\"requestId\":1,\"path\":\"huge.txt\",\"size\":{long.MaxValue},\"mtimeNs\":1,\"sha256\":\"{Sha("x")}\",\"sequence\":0}}"));
        byte[] notBrotli = RandomNumberGenerator.GetBytes(4096);
        yield return Case("a Brotli body that is not Brotli", SecurityPeer.Encode(
            Update("garbage.txt", "some text\n"u8.ToArray()) with { Encoding = BodyEncoding.Brotli, WireSize = notBrotli.Length }, notBrotli));
        byte[] bomb = BrotliBytes.Encode(new byte[16 * 1024 * 1024]);
        yield return Case("a Brotli bomb (16 MiB of zeros announced as 1,000 bytes)", SecurityPeer.Encode(
            Update("bomb.txt", new byte[1000]) with { Encoding = BodyEncoding.Brotli, WireSize = bomb.Length }, bomb));
        var flood = Enumerable.Range(1, 50_000).SelectMany(i => SecurityPeer.Encode(new PingMessage(i, 0))).ToArray();
        yield return Case("a PING flood (50,000, never reading)", flood);
    }

    [TestCaseSource(nameof(Cases))]
    public async Task TheServerSurvivesAndNothingEscapes(string name, byte[] hostile)
    {
        _ = name;
        await using (var peer = await SecurityPeer.ConnectAsync(Pair.Port))
        {
            await peer.JoinAsync("client1", EnginePair.TokenFor(1));
            await peer.SendRawAsync(hostile);
            await peer.ShutdownSendAsync();
            await peer.ReadToEndAsync(TimeSpan.FromSeconds(20));
            Assert.That(peer.Received.OfType<AckMessage>().Where(a => a.Outcome == AckOutcome.Accepted).Select(a => a.Path), Has.None.Contain("link").And.None.Contain(".."));
        }

        _ground.AssertNothingEscaped();
        Assert.That(File.Exists(Pair.Server("mismatch.txt")), Is.False, "a body that does not match its hash is never written");
        Assert.That(File.Exists(Pair.Server("stolen.txt")), Is.False, "nothing from outside is moved in");
        Assert.That(File.Exists(Pair.Server("garbage.txt")) || File.Exists(Pair.Server("bomb.txt")), Is.False, "a body that does not decode to its announced bytes is never written");
        Assert.That(File.ReadAllText(Path.Combine(_ground.Outside, "target.txt")), Is.EqualTo("outside the folder"));

        // Alive, and a normal client still syncs both ways.
        int round = Interlocked.Increment(ref _round);
        File.WriteAllText(Pair.Server($"from-server-{round}.txt"), "s");
        File.WriteAllText(Pair.Local($"from-client-{round}.txt"), "c");
        await Eventually.FileHasAsync(Pair.Local($"from-server-{round}.txt"), "s");
        await Eventually.FileHasAsync(Pair.Server($"from-client-{round}.txt"), "c");
    }

    [Test]
    public async Task APeerThatStopsReadingIsDisconnectedAtTheQueueCap()
    {
        await using var ground = await HostileGround.StartAsync(s => s with { MaxQueuedBytes = 1024 * 1024 });
        await using var peer = await SecurityPeer.ConnectAsync(ground.Pair.Port);
        await peer.JoinAsync("client1", EnginePair.TokenFor(1));
        var pings = Enumerable.Range(1, 1000).SelectMany(i => SecurityPeer.Encode(new PingMessage(i, 0))).ToArray();
        int sent = 0;
        try
        {
            while (!ground.Pair.ServerLog.Any(l => l.Contains("is not reading", StringComparison.Ordinal)) && sent < 2_000_000)
            {
                await peer.SendRawAsync(pings);
                sent += 1000;
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or Common.Transport.ConnectionClosedException)
        {
            // The server hung up on us: that is the point.
        }

        await Eventually.TrueAsync(() => ground.Pair.ServerLog.Any(l => l.Contains("is not reading", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the cap logged");
        TestContext.Out.WriteLine($"disconnected after about {sent:N0} unread PINGs with a 1 MiB cap");
        await using var normal = await SecurityPeer.ConnectAsync(ground.Pair.Port);
        await normal.JoinAsync("client2", EnginePair.TokenFor(2));
        ground.AssertNothingEscaped();
    }

    private static TestCaseData Case(string name, byte[] bytes) => new TestCaseData(name, bytes).SetArgDisplayNames(name);

    private static FileUpdateMessage Update(string path, byte[] content) => new(1, path, content.Length, 1, Convert.ToHexStringLower(SHA256.HashData(content)), null, 0, null);

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Show(string path) => path.Replace("\0", "\\0", StringComparison.Ordinal);

    private static byte[] Prefix(uint length)
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, length);
        return prefix;
    }

    private static byte[] Frame(string json) => [.. Prefix((uint)Encoding.UTF8.GetByteCount(json)), .. Encoding.UTF8.GetBytes(json)];
}
