using System.Net.Sockets;
using System.Security.Authentication;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Framing;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Common.State;
using FolderSync.Common.Transfer;
using FolderSync.Common.Transport;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// The connection loop: connects, secures and handshakes (<see cref="ClientHandshake"/>), answers PINGs, reads, and
/// reconnects with backoff. It touches neither disk nor table: bodies go to temp files (<see cref="ReceivedFiles"/>),
/// and every message is posted to the folder loop, which drops those of a connection that has ended.
/// </summary>
internal sealed class ServerConnection(
    SubscribedFolderOptions options,
    StateStore store,
    FolderRoot root,
    WorkQueue queue,
    ChangeApplier applier,
    RemoteChanges remote,
    ReceivedFiles received,
    ResumePoint resume,
    PingTracker ping,
    TrafficCounter traffic,
    FolderActivity activity,
    ILogger logger,
    PauseSwitch pause,
    ServerRequests requests)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    /// <summary>Exponential backoff with full jitter, capped at 60 s, so many clients do not return in step.</summary>
    internal static TimeSpan Backoff(int failures)
    {
        double ceiling = Math.Min(MaxBackoff.TotalSeconds, 0.25 * Math.Pow(2, Math.Min(failures, 16)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int failures = 0;
        while (await pause.WaitResumedAsync(cancellationToken))
        {
            bool welcomed = false;
            try
            {
                welcomed = await RunConnectionAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (pause.Paused)
            {
                logger.LogInformation("Paused: off the server until resumed");
                continue;
            }
            catch (SecurityRefusalException ex)
            {
                // Loud on purpose: this is either a replaced server or someone in the middle. Nothing was sent to it.
                activity.Error($"security: {ex.Message}");
                logger.LogError("Connection to {Host}:{Port} refused: {Error}", options.Host, options.Port, ex.Message);
            }
            catch (Exception ex) when (ex is SocketException or IOException or ConnectionClosedException or FolderSyncException or AuthenticationException
                or TimeoutException or OperationCanceledException)
            {
                activity.Error($"connection: {ex.Message}");
                logger.LogWarning("Connection to {Host}:{Port} failed: {Error}", options.Host, options.Port, ex.Message);
            }

            if (pause.Paused)
            {
                logger.LogInformation("Paused: off the server until resumed");
                continue;
            }

            failures = welcomed ? 0 : failures + 1;
            var delay = Backoff(failures);
            logger.LogInformation("Reconnecting in {Delay:0.0} s", delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> RunConnectionAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        PeerLink link;
        WelcomeMessage welcome;
        string? tofuFingerprint;
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            handshake.CancelAfter(TimeSpan.FromSeconds(30));
            Stream stream;
            string binding;
            try
            {
                await socket.ConnectAsync(options.Host, options.Port, handshake.Token);
                (stream, binding, tofuFingerprint) = await ClientHandshake.SecureAsync(socket, options, store, handshake.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            link = new PeerLink(stream, socket, new FrameLimits { MaxBodyBytes = options.Sync.MaxFileSizeBytes }, logger, traffic: traffic);
            try
            {
                welcome = await ClientHandshake.HandshakeAsync(link, binding, options, resume.HelloSequence(), handshake.Token);
            }
            catch
            {
                await link.DisposeAsync();
                throw;
            }
        }

        try
        {
            if (tofuFingerprint is not null)
            {
                // Pinned only now: the server answered the handshake (and proved the token, when we have one).
                await queue.Post(() => applier.PinServerFingerprint(tofuFingerprint));
                logger.LogWarning("Pinned the server certificate {Fingerprint} on first use; from now on only this certificate is trusted", tofuFingerprint);
            }

            ping.SetClock(welcome.ClockUnixMs);
            await queue.Post(() => remote.OnConnected(link, welcome));
            requests.Connected(link, welcome);
            using var pausing = pause.Running.Register(() => link.Close());
            using (ping.Start(link, options.Health, logger, cancellationToken))
            {
                while (await link.Reader.ReadAsync(cancellationToken) is { } message)
                {
                    link.NoteReceived();
                    traffic.NoteReceived(message);
                    await DispatchAsync(link, message, cancellationToken);
                }
            }

            logger.LogWarning("The server closed the connection");
            return true;
        }
        finally
        {
            requests.Disconnected(link);
            await link.DisposeAsync();
            if (!cancellationToken.IsCancellationRequested)
            {
                await queue.Post(() => remote.OnDisconnected(link));
            }
        }
    }

    private async Task DispatchAsync(PeerLink link, Message message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case FileUpdateMessage update:
                await received.ReceiveAsync(link, update, cancellationToken);
                break;
            case FileDeltaMessage delta:
                var rebuilt = await DeltaReceiver.ReceiveAsync(link.Reader, root, store, delta, logger, cancellationToken);
                await queue.Post(() => received.OnRemoteDelta(link, delta, rebuilt));
                break;
            case PingMessage pingMessage:
                link.Send(new PongMessage(pingMessage.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                break;
            case PongMessage pong:
                ping.OnPong(pong);
                break;
            case ControlResponseMessage response:
                requests.OnResponse(response);
                break;
            case IndexBatchMessage or IndexEndMessage or DirCreateMessage or FileDeleteMessage or FileMoveMessage or FileModeMessage or AckMessage or ErrorMessage:
                await queue.Post(() => remote.OnServerMessage(link, message));
                break;
            default:
                throw new ProtocolException(ErrorCode.ProtocolViolation, $"unexpected {message.GetType().Name} from the server");
        }
    }
}
