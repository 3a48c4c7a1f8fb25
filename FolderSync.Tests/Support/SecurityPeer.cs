using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Common.Transport;

namespace FolderSync.Tests.Support;

/// <summary>
/// A scripted client over a real socket (TLS or plain) that speaks frames or raw bytes at will: the well-behaved
/// handshake, a replayed one, or anything hostile. It records every message it reads.
/// </summary>
internal sealed class SecurityPeer : IAsyncDisposable
{
    private readonly FrameConnection _connection;
    private readonly Socket _socket;

    private SecurityPeer(FrameConnection connection, Socket socket, string binding)
    {
        _connection = connection;
        _socket = socket;
        Binding = binding;
    }

    /// <summary>The server certificate's fingerprint as seen here (the channel binding), empty over plain TCP.</summary>
    public string Binding { get; }

    public List<Message> Received { get; } = [];

    public static async Task<SecurityPeer> ConnectAsync(int port, bool tls = true)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        string binding = string.Empty;
        if (tls)
        {
            // Identity by fingerprint (recorded in Binding), as the real client does.
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                RemoteCertificateValidationCallback = static (_, certificate, _, _) => certificate is not null,
            });
            binding = CertificateFingerprint.Of(ssl.RemoteCertificate!);
            stream = ssl;
        }

        return new SecurityPeer(new FrameConnection(stream, socket.RemoteEndPoint, new FrameLimits { MaxBodyBytes = long.MaxValue }, socket: socket), socket, binding);
    }

    public ValueTask SendAsync(Message message, byte[]? body = null) => body is null
        ? _connection.Writer.WriteAsync(message, CancellationToken.None)
        : _connection.Writer.WriteAsync(message, new MemoryStream(body), CancellationToken.None);

    /// <summary>Bytes straight onto the connection, bypassing every check of the writer.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await _connection.Transport.Output.WriteAsync(bytes);
    }

    /// <summary>Ends our side: the server reads end of stream after what was sent.</summary>
    public async Task ShutdownSendAsync() => await _connection.Writer.CompleteAsync();

    /// <summary>The next message (its body skipped), or null at end of stream or a broken connection.</summary>
    public async Task<Message?> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            var message = await _connection.Reader.ReadAsync(cts.Token);
            if (message is not null)
            {
                await _connection.Reader.SkipBodyAsync(cts.Token);
                Received.Add(message);
            }

            return message;
        }
        catch (Exception ex) when (ex is ConnectionClosedException or ProtocolException or IOException)
        {
            return null;
        }
    }

    /// <summary>Reads until the server closes; fails the test if it does not within the timeout.</summary>
    public async Task<List<Message>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        var messages = new List<Message>();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail("the server did not close the connection in time");
            }

            try
            {
                if (await ReadAsync(left) is not { } message)
                {
                    return messages;
                }

                messages.Add(message);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the server did not close the connection in time (read so far: {string.Join(", ", messages.Select(m => m.GetType().Name))})");
            }
        }
    }

    /// <summary>The whole well-behaved handshake; returns what a replay needs: the HELLO and AUTH sent.</summary>
    public async Task<(HelloMessage Hello, AuthMessage Auth)> AuthenticateAsync(string clientId, string token, string folder = "docs")
    {
        var hello = Hello(clientId, folder);
        await SendAsync(hello);
        var challenge = await ReadAsync() as AuthChallengeMessage ?? throw new AssertionException($"expected CHALLENGE, got {Received.LastOrDefault()}");
        var auth = new AuthMessage(HandshakeProof.ClientProof(token, new HandshakeTranscript(clientId, folder, hello.Nonce!, challenge.ServerNonce, Binding)));
        await SendAsync(auth);
        return (hello, auth);
    }

    /// <summary>Authenticates and reads through WELCOME and the index.</summary>
    public async Task<WelcomeMessage> JoinAsync(string clientId, string token, string folder = "docs")
    {
        await AuthenticateAsync(clientId, token, folder);
        Assert.That(await ReadAsync(), Is.TypeOf<AuthOkMessage>());
        var welcome = await ReadAsync() as WelcomeMessage ?? throw new AssertionException($"expected WELCOME, got {Received.LastOrDefault()}");
        while (await ReadAsync() is not IndexEndMessage)
        {
        }

        return welcome;
    }

    public static HelloMessage Hello(string clientId, string folder = "docs") =>
        new(ProtocolVersion.Current, clientId, folder, 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), []) { Nonce = HandshakeProof.NewNonce() };

    public static byte[] Encode(Message message, byte[]? body = null)
    {
        var output = new ArrayBufferWriter<byte>();
        new FrameHeaderWriter(FrameLimits.Default).WriteMessage(message, output);
        return [.. output.WrittenSpan, .. body ?? []];
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _connection.DisposeAsync();
    }
}
