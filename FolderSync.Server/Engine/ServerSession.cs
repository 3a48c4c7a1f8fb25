using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using FolderSync.Common.Compression;
using FolderSync.Common.Configuration;
using FolderSync.Common.Framing;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Common.Transfer;
using FolderSync.Common.Transport;
using FolderSync.Server.Security;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// One client connection on the server: TLS and the authenticated handshake (<see cref="ServerHandshake"/>), then each
/// message read is handed to the folder (a CONTROL_REQUEST to <see cref="ClientControl"/>), and PING keeps the link honest.
/// A protocol violation ends this connection only.
/// </summary>
public sealed class ServerSession : IFolderClient, IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ServerGate _gate;
    private readonly ServerHandshake _handshake;
    private readonly HealthOptions _health;
    private readonly FrameLimits _limits;
    private readonly ILogger _logger;
    private readonly PingTracker _ping = new();
    private readonly string? _refusal;
    private readonly IReadOnlyDictionary<string, PublishedFolder> _folders;
    private PeerLink? _link;
    private ClientControl? _control;
    private string? _countedClient;

    /// <param name="refusal">When set, the connection is over a limit: it gets this ERROR after TLS, and nothing else.</param>
    internal ServerSession(Socket socket, ServerGate gate, IReadOnlyDictionary<string, PublishedFolder> folders, HealthOptions health, FrameLimits limits, ILogger logger, string? refusal = null)
    {
        socket.NoDelay = true;
        _socket = socket;
        _gate = gate;
        _health = health;
        _limits = limits;
        _logger = logger;
        _refusal = refusal;
        _folders = folders;
        RemoteAddress = (socket.RemoteEndPoint as IPEndPoint)?.Address is { } ip && ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : (socket.RemoteEndPoint as IPEndPoint)?.Address;
        Address = socket.RemoteEndPoint?.ToString() ?? "unknown";
        _handshake = new ServerHandshake(gate, name => folders.GetValueOrDefault(name), logger, Address, RemoteAddress);
    }

    public string ClientId => _handshake.ClientId;

    public string Address { get; }

    public IPAddress? RemoteAddress { get; }

    public string? FolderName { get; private set; }

    public TimeSpan ClockOffset => _ping.ClockOffset;

    public double? RttMs => _ping.RttMs;

    /// <summary>How far the client's clock is ahead of the server's (negative: behind), as used for conflicts.</summary>
    public long ClientClockAheadMs => _ping.PeerAheadMs;

    /// <summary>What is queued for this client and not yet written to its socket: how far behind it is.</summary>
    public long QueuedBytes => _link?.QueuedBytes ?? 0;

    /// <summary>When this client last sent anything (PONGs included), for <c>clients</c>.</summary>
    public DateTimeOffset? LastReceived => _link is { } link
        ? DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(Environment.TickCount64 - link.LastReceivedTicks)
        : null;

    public bool Send(Message message, Func<Stream>? openBody = null) => _link?.Send(message, openBody) ?? false;

    public bool SendIndex(Message message) => _link?.SendIndex(message) ?? false;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        PublishedFolder? folder = null;
        try
        {
            folder = await HandshakeAsync(cancellationToken);
            if (folder is null)
            {
                return;
            }

            using var pinger = _ping.Start(_link!, _health, _logger, cancellationToken);
            _control = new ClientControl(this, folder, _folders.Values, _gate.Options.Clients.GetValueOrDefault(ClientId), _limits.MaxHeaderBytes, _logger, cancellationToken);
            while (await _link!.Reader.ReadAsync(cancellationToken) is { } message)
            {
                _link.NoteReceived();
                await HandleAsync(folder, message, cancellationToken);
            }

            _logger.LogInformation("{Client} at {Address} disconnected", ClientId, Address);
        }
        catch (ProtocolException ex)
        {
            _logger.LogWarning("Closing {Client} at {Address}: {Error}", ClientId, Address, ex.Message);
            await TrySendErrorAsync(ex.Code, ex.Message, cancellationToken);
        }
        catch (AuthenticationException ex)
        {
            _logger.LogWarning("TLS handshake with {Address} failed: {Error}", Address, ex.Message);
        }
        catch (Exception ex) when (ex is ConnectionClosedException or IOException or SocketException or OperationCanceledException)
        {
            _logger.LogInformation("{Client} at {Address} disconnected: {Reason}", ClientId, Address, ex.Message);
        }
        finally
        {
            if (folder is not null)
            {
                await folder.UnsubscribeAsync(this);
            }

            if (_control is not null)
            {
                await _control.DisposeAsync();
            }

            if (_countedClient is not null)
            {
                _gate.CloseSession(_countedClient);
            }

            await DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_link is not null)
        {
            await _link.DisposeAsync();
        }
        else
        {
            _socket.Dispose();
        }
    }

    private async Task HandleAsync(PublishedFolder folder, Message message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case FileUpdateMessage upload:
                var body = await BodyReceiver.ReceiveAsync(_link!.Reader, folder.Root, upload, _logger, cancellationToken);
                if (body.Failure is not null)
                {
                    await folder.ReportUploadFailureAsync(this, upload, body.Failure);
                }
                else if (body.Temp is null)
                {
                    Send(new AckMessage(upload.RequestId, AckOutcome.Rejected, 0, upload.Path, null, "the server cannot write this path"));
                }
                else
                {
                    await folder.ApplyUploadAsync(this, upload, body.Temp);
                }

                break;
            case FileDeltaMessage delta:
                await ReceiveDeltaAsync(folder, delta, cancellationToken);
                break;
            case FileRequestMessage request:
                await folder.ServeRequestAsync(this, request.ParsePath());
                break;
            case DirCreateMessage create:
                await folder.ApplyDirCreateAsync(this, create);
                break;
            case FileDeleteMessage delete:
                await folder.ApplyDeleteAsync(this, delete);
                break;
            case FileMoveMessage move:
                await folder.ApplyMoveAsync(this, move);
                break;
            case FileModeMessage chmod:
                await folder.ApplyModeAsync(this, chmod);
                break;
            case PingMessage ping:
                Send(new PongMessage(ping.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                break;
            case PongMessage pong:
                _ping.OnPong(pong);
                break;
            case ControlRequestMessage control:
                _control!.Accept(control);
                break;
            case ErrorMessage error:
                _logger.LogWarning("{Client} reported {Code}: {Message} ({Path})", ClientId, error.Code, error.Message, error.Path);
                break;
            default:
                throw new ProtocolException(ErrorCode.ProtocolViolation, $"unexpected {message.GetType().Name} from a client");
        }
    }

    /// <summary>
    /// An upload as a delta against the server's current version: rebuilt and verified beside the target, then decided
    /// exactly like a FILE_UPDATE. When it does not rebuild here (another base, a bad copy, a wrong hash) the answer is
    /// ACK Failed and nothing is written; the client then sends the whole file.
    /// </summary>
    private async Task ReceiveDeltaAsync(PublishedFolder folder, FileDeltaMessage delta, CancellationToken cancellationToken)
    {
        var temp = await DeltaReceiver.ReceiveAsync(_link!.Reader, folder.Root, folder.Store, delta, _logger, cancellationToken);
        if (temp is null)
        {
            Send(new AckMessage(delta.RequestId, AckOutcome.Failed, 0, delta.Path, null, DeltaReceiver.NotApplied));
            return;
        }

        var upload = new FileUpdateMessage(delta.RequestId, delta.Path, delta.Size, delta.MtimeNs, delta.Sha256, delta.BaseSha256, 0, delta.Origin)
        {
            Mode = delta.Mode,
            BaseMode = delta.BaseMode,
        };
        await folder.ApplyUploadAsync(this, upload, temp, delta.Ops);
    }

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
        if (await _handshake.AdmitAsync(_link, binding, _refusal, cancellationToken) is not { } admission)
        {
            return null;
        }

        _countedClient = ClientId;
        var (folder, hello, security) = admission;
        FolderName = folder.Name;
        _link.EncodeBodies = folder.BodyCompression.EncodesTo(hello.Capabilities, RemoteAddress);
        _ping.SetClock(hello.ClockUnixMs);
        await folder.Started.WaitAsync(sessionToken);
        await folder.SubscribeAsync(this, hello.LastSequence);
        _logger.LogInformation("{Client} at {Address} connected to {Folder} from sequence {Sequence} ({Security})",
            ClientId, Address, folder.Name, hello.LastSequence, security);
        return folder;
    }

    private async Task TrySendErrorAsync(ErrorCode code, string text, CancellationToken cancellationToken)
    {
        if (_link is null)
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await _link.SendAndFlushAsync(new ErrorMessage(code, text, null, 0), timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ConnectionClosedException)
        {
            _logger.LogDebug(ex, "Could not send ERROR to {Address}", Address);
        }
    }
}
