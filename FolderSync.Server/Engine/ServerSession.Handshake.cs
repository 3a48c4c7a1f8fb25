using System.Net.Sockets;
using FolderSync.Common.Compression;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Server.Security;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// TLS, then HELLO → CHALLENGE → AUTH → AUTH_OK (the server's proof) → WELCOME via the folder. A refusal is one
/// ERROR with a clear reason, a log line with the peer's address, and the close: nothing about the folder is sent.
/// </summary>
public sealed partial class ServerSession
{
    /// <returns>The folder subscribed to, or null when the connection was refused (the ERROR is sent).</returns>
    private async Task<PublishedFolder?> HandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_gate.Options.HandshakeTimeout);
        try
        {
            return await AdmitAsync(timeout.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Handshake with {Address} timed out after {Timeout} s", Address, _gate.Options.HandshakeTimeout.TotalSeconds);
            return null;
        }
    }

    /// <param name="cancellationToken">The handshake's deadline.</param>
    /// <param name="sessionToken">The session's own: an admitted client waits for a folder still scanning at start-up past the deadline.</param>
    private async Task<PublishedFolder?> AdmitAsync(CancellationToken cancellationToken, CancellationToken sessionToken)
    {
        Stream stream = new NetworkStream(_socket, ownsSocket: true);
        string binding = string.Empty;
        if (_gate.Options.Certificate is { } certificate)
        {
            stream = await TlsStreams.AuthenticateAsServerAsync(stream, certificate, cancellationToken);
            binding = CertificateFingerprint.Of(certificate);
        }

        _link = new PeerLink(stream, _socket, _limits, _logger, _gate.Options.MaxQueuedBytes);
        if (_refusal is not null)
        {
            return await RefuseAsync(ErrorCode.RateLimited, _refusal, isFailure: false, cancellationToken);
        }

        if (_gate.RefuseAddress(RemoteAddress) is { } lockedOut)
        {
            return await RefuseAsync(ErrorCode.RateLimited, lockedOut, isFailure: false, cancellationToken);
        }

        var first = await _link.Reader.ReadAsync(cancellationToken);
        if (first is not HelloMessage hello)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"expected HELLO, got {first?.GetType().Name ?? "end of stream"}");
        }

        if (ProtocolVersion.Check(hello) is { } versionRefusal)
        {
            return await RefuseAsync(versionRefusal.Code, versionRefusal.Message, isFailure: false, cancellationToken);
        }

        ClientId = hello.ClientId;
        var credential = _gate.Options.Clients.GetValueOrDefault(hello.ClientId);
        if (credential is null && _gate.Options.RequireAuthentication)
        {
            return await RefuseAsync(ErrorCode.AuthenticationFailed, $"unknown client id '{hello.ClientId}'", isFailure: true, cancellationToken);
        }

        if (credential is not null && !await AuthenticateAsync(hello, credential, binding, cancellationToken))
        {
            return null;
        }

        var folder = _findFolder(hello.Folder);
        if (folder is null)
        {
            return await RefuseAsync(ErrorCode.UnknownFolder, $"the server has no folder '{hello.Folder}'", isFailure: false, cancellationToken);
        }

        if (!_gate.TryOpenSession(ClientId))
        {
            return await RefuseAsync(
                ErrorCode.RateLimited, $"client '{ClientId}' already has {_gate.Options.MaxSessionsPerClient} sessions open", isFailure: false, cancellationToken);
        }

        _countedClient = ClientId;
        FolderName = folder.Name;
        _link.EncodeBodies = folder.BodyCompression.EncodesTo(hello.Capabilities, RemoteAddress);
        _ping.SetClock(hello.ClockUnixMs);
        await folder.Started.WaitAsync(sessionToken);
        await folder.SubscribeAsync(this, hello.LastSequence);
        _logger.LogInformation("{Client} at {Address} connected to {Folder} from sequence {Sequence} ({Security})",
            ClientId, Address, folder.Name, hello.LastSequence, SecuritySummary(credential));
        return folder;
    }

    /// <summary>CHALLENGE, AUTH, verify in constant time, check the folder grant, then AUTH_OK with our own proof.</summary>
    private async Task<bool> AuthenticateAsync(HelloMessage hello, ClientCredential credential, string binding, CancellationToken cancellationToken)
    {
        if (!HandshakeProof.IsValidNonce(hello.Nonce))
        {
            await RefuseAsync(ErrorCode.AuthenticationFailed, "HELLO carries no valid nonce; this client cannot authenticate", isFailure: true, cancellationToken);
            return false;
        }

        string serverNonce = HandshakeProof.NewNonce();
        var transcript = new HandshakeTranscript(hello.ClientId, hello.Folder, hello.Nonce!, serverNonce, binding);
        _link!.Send(new AuthChallengeMessage(serverNonce));
        var answer = await _link.Reader.ReadAsync(cancellationToken);
        if (answer is not AuthMessage auth)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"expected AUTH, got {answer?.GetType().Name ?? "end of stream"}");
        }

        if (!HandshakeProof.VerifyClient(credential.Token, transcript, auth.Proof))
        {
            await RefuseAsync(ErrorCode.AuthenticationFailed, $"authentication failed for client '{hello.ClientId}': wrong token", isFailure: true, cancellationToken);
            return false;
        }

        if (!credential.AllowsFolder(hello.Folder))
        {
            await RefuseAsync(ErrorCode.AccessDenied, $"client '{hello.ClientId}' may not access folder '{hello.Folder}'", isFailure: true, cancellationToken);
            return false;
        }

        _link.Send(new AuthOkMessage(HandshakeProof.ServerProof(credential.Token, transcript)));
        return true;
    }

    private async Task<PublishedFolder?> RefuseAsync(ErrorCode code, string reason, bool isFailure, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Refused {Client} at {Address}: {Code}: {Reason}", ClientId, Address, code, reason);
        if (isFailure && RemoteAddress is not null && _gate.Failures.RecordFailure(RemoteAddress))
        {
            _logger.LogWarning("Locking out {Address} for {Lockout} s after {Failures} failed handshakes",
                RemoteAddress, _gate.Options.Lockout.TotalSeconds, _gate.Options.MaxFailures);
        }

        await _link!.SendAndFlushAsync(new ErrorMessage(code, reason, null, 0), cancellationToken);
        return null;
    }

    private string SecuritySummary(ClientCredential? credential) =>
        (_gate.Options.Certificate is null ? "plain TCP" : "TLS") + (credential is null ? ", unauthenticated" : ", authenticated");
}
