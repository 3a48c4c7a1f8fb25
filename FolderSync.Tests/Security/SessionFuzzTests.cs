using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Security;

/// <summary>
/// Seeded mutation of a captured valid session (bit flips, truncations, splices, boundary lengths) sent to a
/// live server, connection after connection. The server must stay up and nothing may escape its folder.
/// CI runs a fixed count; FOLDERSYNC_FUZZ_FRAMES=1000000 runs a million on demand. Over plain loopback TCP
/// without a token, so the budget goes to the session's receiving side rather than to TLS handshakes.
/// </summary>
public sealed class SessionFuzzTests
{
    private const int CiFrames = 4000;
    private const int FramesPerConnection = 8;
    private const int Seed = 20_260_101;

    [Test]
    public async Task MutatedSessionsNeverKillTheServerOrEscapeTheFolder()
    {
        int frames = int.TryParse(Environment.GetEnvironmentVariable("FOLDERSYNC_FUZZ_FRAMES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int asked) ? asked : CiFrames;
        await using var ground = await HostileGround.StartAsync(plain: true);
        var corpus = Corpus();
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        int sent = 0;
        int connections = 0;
        while (sent < frames)
        {
            var batch = new List<byte>(SecurityPeer.Encode(SecurityPeer.Hello("fuzzer")));
            for (int i = 0; i < FramesPerConnection && sent < frames; i++, sent++)
            {
                batch.AddRange(Mutate(corpus, random));
            }

            await SendAndDrainAsync(ground.Pair.Port, [.. batch]);
            connections++;
            if (connections % 500 == 0)
            {
                ground.AssertNothingEscaped();
            }
        }

        ground.AssertNothingEscaped();
        await using var normal = await SecurityPeer.ConnectAsync(ground.Pair.Port, tls: false);
        await normal.SendAsync(SecurityPeer.Hello("after-fuzz"));
        Assert.That(await normal.ReadAsync(), Is.TypeOf<WelcomeMessage>(), "the server still answers");
        TestContext.Out.WriteLine($"{sent:N0} mutated frames over {connections:N0} connections in {clock.Elapsed.TotalSeconds:0.0} s ({sent / clock.Elapsed.TotalSeconds:N0} frames/s)");
    }

    /// <summary>Sends, half-closes, and reads until the server closes: a server that hangs fails the test.</summary>
    private static async Task SendAndDrainAsync(int port, byte[] bytes)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var drain = DrainAsync(socket, timeout.Token);
        try
        {
            await socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The server closed on an early frame: the rest was never going to be read.
        }

        await drain;
        Assert.That(timeout.IsCancellationRequested, Is.False, "the server closed the connection within 15 s");
    }

    private static async Task DrainAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
        }
    }

    /// <summary>A valid session's frames after HELLO, plus the paths a fuzzer should stumble towards.</summary>
    private static List<byte[]> Corpus()
    {
        var body = Encoding.UTF8.GetBytes("fuzz body");
        string sha = Convert.ToHexStringLower(SHA256.HashData(body));
        return
        [
            SecurityPeer.Encode(new FileUpdateMessage(1, "dir/new.txt", body.Length, 1, sha, null, 0, null), body),
            SecurityPeer.Encode(new FileUpdateMessage(2, "link/x.txt", body.Length, 1, sha, null, 0, null), body),
            SecurityPeer.Encode(new FileRequestMessage("a.txt")),
            SecurityPeer.Encode(new DirCreateMessage(3, "dir", 1, 0, null)),
            SecurityPeer.Encode(new FileDeleteMessage(4, "dir/new.txt", EntryKind.File, sha, 0, null)),
            SecurityPeer.Encode(new FileMoveMessage(5, "a.txt", "b.txt", EntryKind.File, null, 0, null)),
            SecurityPeer.Encode(new FileMoveMessage(6, "b.txt", "a.txt", EntryKind.File, null, 0, null)),
            SecurityPeer.Encode(new PingMessage(7, 0)),
            SecurityPeer.Encode(new PongMessage(8, 0)),
            SecurityPeer.Encode(new ErrorMessage(ErrorCode.IoError, "x", "a.txt", 0)),
        ];
    }

    private static byte[] Mutate(List<byte[]> corpus, Random random)
    {
        var frame = (byte[])corpus[random.Next(corpus.Count)].Clone();
        switch (random.Next(6))
        {
            case 0:
                // Bit flips, mostly in the header where they matter.
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    int at = random.Next(Math.Min(frame.Length, 200));
                    frame[at] ^= (byte)(1 << random.Next(8));
                }

                return frame;
            case 1:
                return frame[..random.Next(frame.Length)];
            case 2:
                var other = corpus[random.Next(corpus.Count)];
                return [.. frame[..random.Next(frame.Length)], .. other[random.Next(other.Length)..]];
            case 3:
                uint[] boundaries = [0, 1, 3, 4, 65_535, 65_536, 65_537, int.MaxValue, uint.MaxValue, (uint)(frame.Length - 4 - 1), (uint)(frame.Length - 4 + 1)];
                BinaryPrimitives.WriteUInt32BigEndian(frame, boundaries[random.Next(boundaries.Length)]);
                return frame;
            case 4:
                // A path swapped for a hostile one, keeping the frame otherwise valid.
                string[] paths = ["../x", "/etc/x", "a/../../x", "a\\u0000b", "link/target.txt", "link", ".", "", "a//b"];
                string json = Encoding.UTF8.GetString(frame, 4, BinaryPrimitives.ReadInt32BigEndian(frame) is var n && n <= frame.Length - 4 ? n : 0);
                json = System.Text.RegularExpressions.Regex.Replace(json, "\"(path|from|to)\":\"[^\"]*\"", m => $"\"{m.Groups[1].Value}\":\"{paths[random.Next(paths.Length)]}\"");
                var header = Encoding.UTF8.GetBytes(json);
                var rebuilt = new byte[4 + header.Length];
                BinaryPrimitives.WriteUInt32BigEndian(rebuilt, (uint)header.Length);
                header.CopyTo(rebuilt, 4);
                return [.. rebuilt, .. frame[Math.Min(frame.Length, 4 + Math.Max(0, BinaryPrimitives.ReadInt32BigEndian(frame)))..]];
            default:
                return frame;
        }
    }
}
