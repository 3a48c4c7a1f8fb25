using System.Buffers.Binary;
using System.Text;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Transport;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Security;

/// <summary>
/// A fake server that cannot prove it knows the client's token: the client must hang up after its AUTH_OK, send
/// nothing more, write nothing, pin nothing, and retry later with the backoff of any failed connection.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class FakeServerTests
{
    [TestCase("a proof for another nonce", "security: the server could not prove it knows this client's token")]
    [TestCase("a random proof", "security: the server could not prove it knows this client's token")]
    [TestCase("an empty proof", "security: the server could not prove it knows this client's token")]
    [TestCase("no proof at all", "connection: invalid frame header: JSON deserialization for type 'FolderSync.Common.Protocol.AuthOkMessage' was missing required properties including: 'serverProof'")]
    [TestCase("AUTH_OK before AUTH", "security: the server did not ask this client to authenticate")]
    public async Task A_server_with_a_wrong_AUTH_OK_is_refused_and_retried_with_backoff(string variant, string reason)
    {
        await using var pair = new EnginePair();
        string token = EnginePair.TokenFor(0);
        await using var fake = ScriptedServer.Start(Path.Combine(pair.Root, "fake-state"), (connection, binding, cancel) => ImpostorAsync(connection, binding, token, variant, cancel));
        var client = await pair.StartClientAsync(port: fake.Port);

        await Eventually.TrueAsync(() => fake.Connections.Count(c => c.ClosedAt is not null) >= 3, TimeSpan.FromSeconds(20), "three attempts, each one ended by the client");
        string? lastError = client.LastError;
        var status = await client.GetStatusAsync();
        await pair.StopClientAsync();

        var attempts = fake.Connections.Take(3).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lastError, Does.Contain(reason));
            string logged = reason[(reason.IndexOf(':', StringComparison.Ordinal) + 2)..];
            Assert.That(pair.LogOf("client0").Count(l => l.Contains($"Connection to 127.0.0.1:{fake.Port}", StringComparison.Ordinal) && l.Contains(logged, StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(3), "one clear log line per refusal");
            Assert.That((bool)status["connected"]!, Is.False);
            foreach (var attempt in attempts)
            {
                Assert.That(attempt.AfterScript.Where(m => m is not ErrorMessage).Select(m => m.GetType().Name), Is.Empty, "nothing but an ERROR goes to the impostor after its AUTH_OK");
            }

            // Backoff with jitter: the first wait is 0.25–0.5 s, the second 0.5–1 s (ServerConnection.Backoff).
            Assert.That(attempts[1].AcceptedAt - attempts[0].ClosedAt!.Value, Is.GreaterThan(TimeSpan.FromSeconds(0.2)));
            Assert.That(attempts[2].AcceptedAt - attempts[1].ClosedAt!.Value, Is.GreaterThan(TimeSpan.FromSeconds(0.4)));
            Assert.That(Directory.EnumerateFileSystemEntries(pair.LocalRoot()), Is.Empty, "nothing written to the folder");
        });

        using var store = StateStore.Open(Path.Combine(pair.StateDir(), "client.db"));
        Assert.That(store.GetMeta(MetaKeys.ServerFingerprint), Is.Null, "an impostor's certificate is never pinned");
    }

    /// <summary>
    /// Answers HELLO as a server would, except for the AUTH_OK; then offers a file anyway, which the client must never
    /// write (it hangs up first, so these may fail to send).
    /// </summary>
    private static async Task ImpostorAsync(FrameConnection connection, string binding, string token, string variant, CancellationToken cancel)
    {
        var hello = (HelloMessage)(await connection.Reader.ReadAsync(cancel))!;
        string serverNonce = HandshakeProof.NewNonce();
        var transcript = new HandshakeTranscript(hello.ClientId, hello.Folder, hello.Nonce!, serverNonce, binding);
        if (variant == "AUTH_OK before AUTH")
        {
            await connection.Writer.WriteAsync(new AuthOkMessage(HandshakeProof.ServerProof(token, transcript)), cancel);
        }
        else
        {
            await connection.Writer.WriteAsync(new AuthChallengeMessage(serverNonce), cancel);
            if (await connection.Reader.ReadAsync(cancel) is not AuthMessage)
            {
                throw new InvalidOperationException("the client did not answer the challenge with AUTH");
            }

            switch (variant)
            {
                case "a proof for another nonce":
                    var replayed = transcript with { ServerNonce = HandshakeProof.NewNonce() };
                    await connection.Writer.WriteAsync(new AuthOkMessage(HandshakeProof.ServerProof(token, replayed)), cancel);
                    break;
                case "a random proof":
                    await connection.Writer.WriteAsync(new AuthOkMessage(HandshakeProof.NewNonce()), cancel);
                    break;
                case "an empty proof":
                    await connection.Writer.WriteAsync(new AuthOkMessage(string.Empty), cancel);
                    break;
                default:
                    await connection.Transport.Output.WriteAsync(Frame("{\"type\":\"AUTH_OK\"}"), cancel);
                    break;
            }
        }

        const string planted = "planted by an impostor\n";
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(planted)));
        try
        {
            await connection.Writer.WriteAsync(new WelcomeMessage(ProtocolVersion.Current, hello.Folder, AccessMode.Full, 1, true, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), cancel);
            await connection.Writer.WriteAsync(new IndexBatchMessage([new IndexEntry("planted.txt", EntryKind.File, planted.Length, 0, sha, 1, false, "server")]), cancel);
            await connection.Writer.WriteAsync(new IndexEndMessage(1), cancel);
            await connection.Writer.WriteAsync(new FileUpdateMessage(0, "planted.txt", planted.Length, 0, sha, null, 1, "server"), new MemoryStream(Encoding.UTF8.GetBytes(planted)), cancel);
        }
        catch (Exception ex) when (ex is IOException or ConnectionClosedException or InvalidOperationException)
        {
        }
    }

    private static byte[] Frame(string json)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + header.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, header.Length);
        header.CopyTo(frame, 4);
        return frame;
    }
}
