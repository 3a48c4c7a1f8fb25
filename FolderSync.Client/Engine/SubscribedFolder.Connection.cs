using System.Net.Sockets;
using System.Security.Authentication;
using FolderSync.Common.Framing;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Transfer;
using FolderSync.Common.Transport;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>Connecting, the handshake, reading, and reconnecting with backoff.</summary>
public sealed partial class SubscribedFolder
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private readonly PingTracker _ping = new();
    private PeerLink? _link;
    private List<IndexEntry>? _index;
    private bool _fullIndex;
    private bool _indexComplete;
    private long _indexSequence;
    private long _maxSequence;

    private async Task ConnectLoopAsync(CancellationToken cancellationToken)
    {
        int failures = 0;
        while (!cancellationToken.IsCancellationRequested)
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
            catch (SecurityRefusalException ex)
            {
                // Loud on purpose: this is either a replaced server or someone in the middle. Nothing was sent to it.
                LastError = $"{DateTimeOffset.UtcNow:O} security: {ex.Message}";
                _logger.LogError("Connection to {Host}:{Port} refused: {Error}", _options.Host, _options.Port, ex.Message);
            }
            catch (Exception ex) when (ex is SocketException or IOException or ConnectionClosedException or FolderSyncException or AuthenticationException
                or TimeoutException or OperationCanceledException)
            {
                LastError = $"{DateTimeOffset.UtcNow:O} connection: {ex.Message}";
                _logger.LogWarning("Connection to {Host}:{Port} failed: {Error}", _options.Host, _options.Port, ex.Message);
            }

            failures = welcomed ? 0 : failures + 1;
            var delay = Backoff(failures);
            _logger.LogInformation("Reconnecting in {Delay:0.0} s", delay.TotalSeconds);
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

    /// <summary>Exponential backoff with full jitter, capped at 60 s, so many clients do not return in step.</summary>
    internal static TimeSpan Backoff(int failures)
    {
        double ceiling = Math.Min(MaxBackoff.TotalSeconds, 0.25 * Math.Pow(2, Math.Min(failures, 16)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (Random.Shared.NextDouble() * 0.5)));
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
                await socket.ConnectAsync(_options.Host, _options.Port, handshake.Token);
                (stream, binding, tofuFingerprint) = await SecureAsync(socket, handshake.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            link = new PeerLink(stream, socket, new FrameLimits { MaxBodyBytes = _options.Sync.MaxFileSizeBytes }, _logger, traffic: _traffic);
            try
            {
                welcome = await HandshakeAsync(link, binding, handshake.Token);
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
                await _queue.Post(() => Store.SetMeta(MetaKeys.ServerFingerprint, tofuFingerprint));
                _logger.LogWarning("Pinned the server certificate {Fingerprint} on first use; from now on only this certificate is trusted", tofuFingerprint);
            }

            _ping.SetClock(welcome.ClockUnixMs);
            await _queue.Post(() => OnConnected(link, welcome));
            using (_ping.Start(link, _options.Health, _logger, cancellationToken))
            {
                while (await link.Reader.ReadAsync(cancellationToken) is { } message)
                {
                    link.NoteReceived();
                    _traffic.NoteReceived(message);
                    await DispatchAsync(link, message, cancellationToken);
                }
            }

            _logger.LogWarning("The server closed the connection");
            return true;
        }
        finally
        {
            await link.DisposeAsync();
            if (!cancellationToken.IsCancellationRequested)
            {
                await _queue.Post(() => OnDisconnected(link));
            }
        }
    }

    private async Task DispatchAsync(PeerLink link, Message message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case FileUpdateMessage update:
                await ReceiveFileAsync(link, update, cancellationToken);
                break;
            case FileDeltaMessage delta:
                var rebuilt = await DeltaReceiver.ReceiveAsync(link.Reader, Root, Store, delta, _logger, cancellationToken);
                await _queue.Post(() => { if (_link == link) { OnRemoteDelta(delta, rebuilt); } else { rebuilt?.Dispose(); } });
                break;
            case PingMessage ping:
                link.Send(new PongMessage(ping.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                break;
            case PongMessage pong:
                _ping.OnPong(pong);
                break;
            case IndexBatchMessage or IndexEndMessage or DirCreateMessage or FileDeleteMessage or FileMoveMessage or AckMessage or ErrorMessage:
                await _queue.Post(() => { if (_link == link) { OnServerMessage(message); } });
                break;
            default:
                throw new ProtocolException(ErrorCode.ProtocolViolation, $"unexpected {message.GetType().Name} from the server");
        }
    }

    private void OnServerMessage(Message message)
    {
        switch (message)
        {
            case IndexBatchMessage batch:
                _index?.AddRange(batch.Entries);
                break;
            case IndexEndMessage end:
                OnIndexEnd(end.Sequence);
                break;
            case DirCreateMessage create:
                OnRemoteDirectory(create);
                break;
            case FileDeleteMessage delete:
                OnRemoteDelete(delete);
                break;
            case FileMoveMessage move:
                OnRemoteMove(move);
                break;
            case AckMessage ack:
                OnAck(ack);
                break;
            case ErrorMessage error:
                OnServerError(error);
                break;
        }
    }

    private void OnConnected(PeerLink link, WelcomeMessage welcome)
    {
        _link = link;
        Mode = welcome.Access;
        _index = [];
        _fullIndex = welcome.FullIndex;
        _indexComplete = false;
        _uploads.Clear();
        _downloads.Clear();
        _remoteHints.Clear();
        _maxSequence = 0;
        LastActivity = DateTimeOffset.UtcNow;
        _logger.LogInformation("Connected to {Host}:{Port}, folder {Folder} ({Access}), server at sequence {Sequence}, {Kind} index",
            _options.Host, _options.Port, welcome.Folder, welcome.Access, welcome.Sequence, welcome.FullIndex ? "full" : "delta");
    }

    private void OnDisconnected(PeerLink link)
    {
        if (_link == link)
        {
            _link = null;
            _indexComplete = false;
            _uploads.Clear();
            _downloads.Clear();
        }
    }

    /// <summary>Closes the link so the next connection resumes from the last persisted sequence.</summary>
    private void Resync(string reason)
    {
        _logger.LogInformation("Resynchronising: {Reason}", reason);
        _link?.Close(new IOException(reason));
        OnDisconnected(_link!);
    }

    private void NoteSequence(long sequence)
    {
        _maxSequence = Math.Max(_maxSequence, sequence);
        PersistSequence();
    }

    /// <summary>
    /// The resume point moves only when everything up to it is on disk: after the index is reconciled and
    /// every download it asked for has arrived (or failed for a retry: a restart must ask for it again). A crash
    /// before that repeats work, never skips it.
    /// </summary>
    private void PersistSequence()
    {
        if (!_indexComplete || _downloads.Count > 0 || _problems.AnyDownload)
        {
            return;
        }

        long sequence = Math.Max(_maxSequence, _indexSequence);
        if (sequence > Store.GetMetaLong(MetaKeys.LastSequence))
        {
            CommitAppliedRows(); // The rows that cover the sequence first.
            Store.SetMeta(MetaKeys.LastSequence, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public AccessMode Mode { get; private set; } = AccessMode.EditOnly;
}
