using System.Net;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Server.Security;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// HELLO → CHALLENGE → AUTH → AUTH_OK (the server's proof) on a new link: who the client is and which folder it may
/// have. A refusal is one ERROR with a clear reason, a log line with the peer's address, and nothing about the folder.
/// </summary>
internal sealed class ServerHandshake(ServerGate gate, Func<string, PublishedFolder?> findFolder, ILogger logger, string address, IPAddress? remoteAddress)
{
    /// <summary>The id the client gave in HELLO ("?" before it), authenticated once <see cref="AdmitAsync"/> admitted it.</summary>
    public string ClientId { get; private set; } = "?";

    /// <param name="binding">The TLS certificate's fingerprint the proofs are bound to; empty over plain TCP.</param>
    /// <param name="refusal">When set, the connection is over a limit: it gets this ERROR, and nothing else.</param>
    /// <returns>The admission, with a session of the client counted; null when refused (the ERROR is sent).</returns>
    public async Task<Admission?> AdmitAsync(PeerLink link, string binding, string? refusal, CancellationToken cancellationToken)
    {
        if (refusal is not null)
        {
            return await RefuseAsync(link, ErrorCode.RateLimited, refusal, isFailure: false, cancellationToken);
        }

        if (gate.RefuseAddress(remoteAddress) is { } lockedOut)
        {
            return await RefuseAsync(link, ErrorCode.RateLimited, lockedOut, isFailure: false, cancellationToken);
        }

        var first = await link.Reader.ReadAsync(cancellationToken);
        if (first is not HelloMessage hello)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"expected HELLO, got {first?.GetType().Name ?? "end of stream"}");
        }

        if (ProtocolVersion.Check(hello) is { } versionRefusal)
        {
            return await RefuseAsync(link, versionRefusal.Code, versionRefusal.Message, isFailure: false, cancellationToken);
        }

        ClientId = hello.ClientId;
        var credential = gate.Options.Clients.GetValueOrDefault(hello.ClientId);
        if (credential is null && gate.Options.RequireAuthentication)
        {
            return await RefuseAsync(link, ErrorCode.AuthenticationFailed, $"unknown client id '{hello.ClientId}'", isFailure: true, cancellationToken);
        }

        if (credential is not null && !await AuthenticateAsync(link, hello, credential, binding, cancellationToken))
        {
            return null;
        }

        var folder = findFolder(hello.Folder);
        if (folder is null)
        {
            return await RefuseAsync(link, ErrorCode.UnknownFolder, $"the server has no folder '{hello.Folder}'", isFailure: false, cancellationToken);
        }

        if (!gate.TryOpenSession(ClientId))
        {
            return await RefuseAsync(
                link, ErrorCode.RateLimited, $"client '{ClientId}' already has {gate.Options.MaxSessionsPerClient} sessions open", isFailure: false, cancellationToken);
        }

        string security = (gate.Options.Certificate is null ? "plain TCP" : "TLS") + (credential is null ? ", unauthenticated" : ", authenticated");
        return new Admission(folder, hello, security);
    }

    /// <summary>CHALLENGE, AUTH, verify in constant time, check the folder grant, then AUTH_OK with our own proof.</summary>
    private async Task<bool> AuthenticateAsync(PeerLink link, HelloMessage hello, ClientCredential credential, string binding, CancellationToken cancellationToken)
    {
        if (!HandshakeProof.IsValidNonce(hello.Nonce))
        {
            await RefuseAsync(link, ErrorCode.AuthenticationFailed, "HELLO carries no valid nonce; this client cannot authenticate", isFailure: true, cancellationToken);
            return false;
        }

        string serverNonce = HandshakeProof.NewNonce();
        var transcript = new HandshakeTranscript(hello.ClientId, hello.Folder, hello.Nonce!, serverNonce, binding);
        link.Send(new AuthChallengeMessage(serverNonce));
        var answer = await link.Reader.ReadAsync(cancellationToken);
        if (answer is not AuthMessage auth)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"expected AUTH, got {answer?.GetType().Name ?? "end of stream"}");
        }

        if (!HandshakeProof.VerifyClient(credential.Token, transcript, auth.Proof))
        {
            await RefuseAsync(link, ErrorCode.AuthenticationFailed, $"authentication failed for client '{hello.ClientId}': wrong token", isFailure: true, cancellationToken);
            return false;
        }

        if (!credential.AllowsFolder(hello.Folder))
        {
            await RefuseAsync(link, ErrorCode.AccessDenied, $"client '{hello.ClientId}' may not access folder '{hello.Folder}'", isFailure: true, cancellationToken);
            return false;
        }

        link.Send(new AuthOkMessage(HandshakeProof.ServerProof(credential.Token, transcript)));
        return true;
    }

    private async Task<Admission?> RefuseAsync(PeerLink link, ErrorCode code, string reason, bool isFailure, CancellationToken cancellationToken)
    {
        logger.LogWarning("Refused {Client} at {Address}: {Code}: {Reason}", ClientId, address, code, reason);
        if (isFailure && remoteAddress is not null && gate.Failures.RecordFailure(remoteAddress))
        {
            logger.LogWarning("Locking out {Address} for {Lockout} s after {Failures} failed handshakes",
                remoteAddress, gate.Options.Lockout.TotalSeconds, gate.Options.MaxFailures);
        }

        await link.SendAndFlushAsync(new ErrorMessage(code, reason, null, 0), cancellationToken);
        return null;
    }
}
