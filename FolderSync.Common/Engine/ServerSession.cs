using System.Net.Sockets;
using FolderSync.Common.Configuration;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Common.Transport;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Engine;

/// <summary>
/// One client connection on the server: the handshake, then each message read is handed to the folder,
/// and PING keeps the link honest. A protocol violation ends this connection only.
/// </summary>
public sealed class ServerSession : IFolderClient, IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly PeerLink _link;
    private readonly Func<string, ServerFolder?> _findFolder;
    private readonly HealthOptions _health;
    private readonly ILogger _logger;
    private readonly PingTracker _ping = new();

    public ServerSession(Socket socket, Func<string, ServerFolder?> findFolder, HealthOptions health, FrameLimits limits, ILogger logger)
    {
        _link = new PeerLink(socket, limits, logger);
        _findFolder = findFolder;
        _health = health;
        _logger = logger;
        Address = socket.RemoteEndPoint?.ToString() ?? "unknown";
    }

    public string ClientId { get; private set; } = "?";

    public string Address { get; }

    public string? FolderName { get; private set; }

    public TimeSpan ClockOffset => _ping.ClockOffset;

    public double? RttMs => _ping.RttMs;

    public bool Send(Message message, Func<Stream>? openBody = null) => _link.Send(message, openBody);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ServerFolder? folder = null;
        try
        {
            folder = await HandshakeAsync(cancellationToken);
            if (folder is null)
            {
                return;
            }

            using var pinger = _ping.Start(_link, _health, _logger, cancellationToken);
            while (await _link.Reader.ReadAsync(cancellationToken) is { } message)
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

            await _link.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => _link.DisposeAsync();

    private async Task<ServerFolder?> HandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HandshakeTimeout);
        var first = await _link.Reader.ReadAsync(timeout.Token);
        if (first is not HelloMessage hello)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"expected HELLO, got {first?.GetType().Name ?? "end of stream"}");
        }

        if (ProtocolVersion.Check(hello) is { } refusal)
        {
            _logger.LogWarning("Refused {Address}: {Reason}", Address, refusal.Message);
            await _link.SendAndFlushAsync(refusal, cancellationToken);
            return null;
        }

        ClientId = hello.ClientId;
        var folder = _findFolder(hello.Folder);
        if (folder is null)
        {
            _logger.LogWarning("Refused {Client} at {Address}: unknown folder '{Folder}'", ClientId, Address, hello.Folder);
            await _link.SendAndFlushAsync(new ErrorMessage(ErrorCode.UnknownFolder, $"the server has no folder '{hello.Folder}'", null, 0), cancellationToken);
            return null;
        }

        FolderName = folder.Name;
        _ping.SetClock(hello.ClockUnixMs);
        await folder.SubscribeAsync(this, hello.LastSequence);
        _logger.LogInformation("{Client} at {Address} connected to {Folder} from sequence {Sequence}", ClientId, Address, folder.Name, hello.LastSequence);
        return folder;
    }

    private async Task HandleAsync(ServerFolder folder, Message message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case FileUpdateMessage upload:
                var temp = await BodyReceiver.ReceiveAsync(_link.Reader, folder.Root, upload, _logger, cancellationToken);
                if (temp is null)
                {
                    Send(new AckMessage(upload.RequestId, AckOutcome.Rejected, 0, upload.Path, null, "the server cannot write this path"));
                    return;
                }

                await folder.ApplyUploadAsync(this, upload, temp);
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
            case PingMessage ping:
                Send(new PongMessage(ping.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                break;
            case PongMessage pong:
                _ping.OnPong(pong);
                break;
            case ErrorMessage error:
                _logger.LogWarning("{Client} reported {Code}: {Message} ({Path})", ClientId, error.Code, error.Message, error.Path);
                break;
            default:
                throw new ProtocolException(ErrorCode.ProtocolViolation, $"unexpected {message.GetType().Name} from a client");
        }
    }

    private async Task TrySendErrorAsync(ErrorCode code, string text, CancellationToken cancellationToken)
    {
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
