using System.Net;
using System.Net.Sockets;
using FolderSync.Common.Compression;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Common.State;

namespace FolderSync.Client.Engine;

/// <summary>
/// The client's half of connection security: TLS with the server's certificate pinned, then
/// HELLO → CHALLENGE → AUTH → AUTH_OK (verified: the server knows the token too) → WELCOME.
/// Runs on the connection loop.
/// </summary>
internal static class ClientHandshake
{
    /// <param name="store">Read only: the fingerprint pinned on first use.</param>
    /// <returns>The stream to speak over, the channel binding for the proofs, and a fingerprint to pin once welcomed (null if pinned already).</returns>
    public static async Task<(Stream Stream, string Binding, string? TofuFingerprint)> SecureAsync(
        Socket socket, SubscribedFolderOptions options, StateStore store, CancellationToken cancellationToken)
    {
        var security = options.Security;
        var network = new NetworkStream(socket, ownsSocket: true);
        if (!security.UseTls)
        {
            var remote = (socket.RemoteEndPoint as IPEndPoint)?.Address;
            if (!security.AllowPlainTcp || remote is null || !IPAddress.IsLoopback(remote))
            {
                throw new SecurityRefusalException($"refusing plain TCP to {socket.RemoteEndPoint}: unencrypted connections must be enabled and go to loopback");
            }

            return (network, string.Empty, null);
        }

        var (ssl, fingerprint) = await TlsStreams.AuthenticateAsClientAsync(network, options.Host, cancellationToken);
        try
        {
            bool record = FingerprintPin.Check(security.ExpectedFingerprint, store.GetMeta(MetaKeys.ServerFingerprint), fingerprint);
            return (ssl, fingerprint, record ? fingerprint : null);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    /// <param name="lastSequence">Where to resume: the server sends the changes after it (0: a full index).</param>
    public static async Task<WelcomeMessage> HandshakeAsync(
        PeerLink link, string binding, SubscribedFolderOptions options, long lastSequence, CancellationToken cancellationToken)
    {
        string token = options.Security.Token ?? string.Empty;
        string clientNonce = HandshakeProof.NewNonce();
        link.Send(new HelloMessage(ProtocolVersion.Current, options.ClientId, options.Folder, lastSequence, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), options.Sync.BodyCompression.Capabilities())
        {
            Nonce = clientNonce,
        });
        var reply = await ReadAsync(link, cancellationToken);
        if (reply is AuthChallengeMessage challenge)
        {
            if (token.Length == 0)
            {
                throw new ProtocolException(ErrorCode.AuthenticationFailed, "the server requires a token and none is configured (Token)");
            }

            var transcript = new HandshakeTranscript(options.ClientId, options.Folder, clientNonce, challenge.ServerNonce, binding);
            link.Send(new AuthMessage(HandshakeProof.ClientProof(token, transcript)));
            if (await ReadAsync(link, cancellationToken) is not AuthOkMessage ok)
            {
                throw new ProtocolException(ErrorCode.ProtocolViolation, "expected AUTH_OK after AUTH");
            }

            if (!HandshakeProof.VerifyServer(token, transcript, ok.ServerProof))
            {
                throw new SecurityRefusalException("the server could not prove it knows this client's token: not the configured server, or someone in the middle");
            }

            reply = await ReadAsync(link, cancellationToken);
        }
        else if (token.Length > 0)
        {
            // A server that skips the challenge has not proved anything: do not sync with it.
            throw new SecurityRefusalException("the server did not ask this client to authenticate, so it cannot prove its identity; refusing");
        }

        var welcome = reply as WelcomeMessage
            ?? throw new ProtocolException(ErrorCode.ProtocolViolation, $"expected WELCOME, got {reply.GetType().Name}");
        link.EncodeBodies = options.Sync.BodyCompression.EncodesTo(welcome.Capabilities, (link.RemoteEndPoint as IPEndPoint)?.Address);
        return welcome;
    }

    /// <summary>The next handshake message; an ERROR becomes the exception that says why the server refused.</summary>
    private static async Task<Message> ReadAsync(PeerLink link, CancellationToken cancellationToken)
    {
        var message = await link.Reader.ReadAsync(cancellationToken)
            ?? throw new ProtocolException(ErrorCode.ProtocolViolation, "the server closed the connection during the handshake");
        return message is ErrorMessage refusal
            ? throw new ProtocolException(refusal.Code, $"the server refused: {refusal.Message}")
            : message;
    }
}
