using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>
/// The client engine's forwarding of control requests (CONTROL_REQUEST): answered by a real server, refused when not
/// connected or the server is too old, and failed when the connection is lost while it waits.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class EngineServerRequestTests
{
    [Test]
    public async Task A_request_gets_the_real_servers_answer_and_none_while_not_connected()
    {
        await using var pair = new EnginePair();
        var client = await pair.StartClientAsync(port: DaemonSandbox.FreePort());
        var refused = Assert.ThrowsAsync<ControlException>(() => client.AskServerAsync(Folders(), CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(refused!.Code, Is.EqualTo(ControlException.Failed));
            Assert.That(refused.Message, Does.StartWith("not connected to the server ("));
        });

        await pair.StopClientAsync();
        await pair.StartServerAsync();
        client = await pair.StartClientAsync();
        await pair.IdleAsync();
        var answer = await client.AskServerAsync(Folders(), CancellationToken.None);
        Assert.That(answer["ok"]!.GetValue<bool>(), Is.True, answer.ToJsonString());
        Assert.That(answer["folders"]!.AsArray().Single()!["name"]!.GetValue<string>(), Is.EqualTo("docs"));
    }

    [TestCase(true, "the connection to the server was lost before it answered")]
    [TestCase(false, "the server does not answer control requests (it is older than this client)")]
    public async Task A_lost_connection_or_an_older_server_fails_the_request(bool capable, string reason)
    {
        await using var pair = new EnginePair();
        var asked = new TaskCompletionSource<ControlRequestMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fake = ScriptedServer.Start(Path.Combine(pair.Root, "fake-state"), (connection, binding, cancel) => HangUpOnRequestAsync(connection, binding, capable, asked, cancel));
        var client = await pair.StartClientAsync(port: fake.Port);
        await Eventually.TrueAsync(async () => (await client.GetStatusAsync())["connected"]!.GetValue<bool>(), TimeSpan.FromSeconds(15), "connected to the fake server");

        var failed = Assert.ThrowsAsync<ControlException>(() => client.AskServerAsync(Folders(), CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(failed!.Code, Is.EqualTo(ControlException.Failed));
            Assert.That(failed.Message, Is.EqualTo(reason));
            Assert.That(asked.Task.IsCompleted, Is.EqualTo(capable), "a request goes only to a server that announced it answers");
        });
        if (capable)
        {
            Assert.That((await asked.Task).Request["command"]!.GetValue<string>(), Is.EqualTo("folders"), "the request travels as it was asked");
        }

        await pair.StopClientAsync();
    }

    private static JsonObject Folders() => new() { ["command"] = "folders" };

    /// <summary>A server that lets client0 in, announces control requests or not, and hangs up on the first one.</summary>
    private static async Task HangUpOnRequestAsync(FrameConnection connection, string binding, bool capable, TaskCompletionSource<ControlRequestMessage> asked, CancellationToken cancel)
    {
        var hello = (HelloMessage)(await connection.Reader.ReadAsync(cancel))!;
        string serverNonce = HandshakeProof.NewNonce();
        var transcript = new HandshakeTranscript(hello.ClientId, hello.Folder, hello.Nonce!, serverNonce, binding);
        await connection.Writer.WriteAsync(new AuthChallengeMessage(serverNonce), cancel);
        _ = await connection.Reader.ReadAsync(cancel) as AuthMessage ?? throw new InvalidOperationException("expected AUTH");
        await connection.Writer.WriteAsync(new AuthOkMessage(HandshakeProof.ServerProof(EnginePair.TokenFor(0), transcript)), cancel);
        await connection.Writer.WriteAsync(
            new WelcomeMessage(ProtocolVersion.Current, hello.Folder, AccessMode.EditOnly, 0, true, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
            {
                Capabilities = capable ? [ControlRequestMessage.Capability] : [],
            },
            cancel);
        await connection.Writer.WriteAsync(new IndexEndMessage(0), cancel);
        while (await connection.Reader.ReadAsync(cancel) is { } message)
        {
            switch (message)
            {
                case PingMessage ping:
                    await connection.Writer.WriteAsync(new PongMessage(ping.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), cancel);
                    break;
                case ControlRequestMessage request:
                    asked.TrySetResult(request);
                    throw new IOException("hanging up on the request");
            }
        }
    }
}
