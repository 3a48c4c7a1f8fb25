using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using FolderSync.Common.Framing;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// A lightweight FolderSync client inside the runner: real TCP and TLS, the real HELLO → WELCOME → index
/// handshake through FolderSync.Common's <see cref="PeerLink"/>, subscribed to the folder's live pushes, answering
/// PINGs; it keeps no tree (bodies are skipped) and only notes when each path's push arrived. A thousand of them
/// cost the server what a thousand subscribed clients cost it, without a thousand client daemons on this machine.
/// </summary>
internal sealed class WireClient : IAsyncDisposable
{
    private readonly PeerLink _link;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _indexed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, long> _arrivals = new(StringComparer.Ordinal);
    private readonly Task _loop;

    private WireClient(PeerLink link)
    {
        _link = link;
        _loop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Completes once the server's index has ended (the client is subscribed from then on).</summary>
    public Task Indexed => _indexed.Task;

    public bool Faulted => _loop.IsCompleted;

    /// <summary>When a push of <paramref name="path"/> last arrived (Stopwatch ticks), or 0.</summary>
    public long ArrivalOf(string path) => _arrivals.GetValueOrDefault(path);

    public static async Task<WireClient> ConnectAsync(int port, string clientId, string folder, bool tls, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync("127.0.0.1", port, cancellationToken);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (tls)
            {
                (stream, _) = await TlsStreams.AuthenticateAsClientAsync(stream, "127.0.0.1", cancellationToken);
            }

            var link = new PeerLink(stream, socket, new FrameLimits(), NullLogger.Instance);
            link.Send(new HelloMessage(ProtocolVersion.Current, clientId, folder, 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), [])
            {
                Nonce = HandshakeProof.NewNonce(),
            });
            if (await link.Reader.ReadAsync(cancellationToken) is not WelcomeMessage)
            {
                await link.DisposeAsync();
                throw new InvalidOperationException($"{clientId}: the server did not welcome it");
            }

            return new WireClient(link);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _link.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or FolderSyncException)
        {
        }

        await _link.DisposeAsync();
        _stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var reader = _link.Reader;
        while (await reader.ReadAsync(_stop.Token) is { } message)
        {
            _link.NoteReceived();
            switch (message)
            {
                case IndexEndMessage:
                    _indexed.TrySetResult();
                    break;
                case FileUpdateMessage update:
                    await reader.SkipBodyAsync(_stop.Token);
                    _arrivals[update.Path] = Stopwatch.GetTimestamp();
                    break;
                case FileDeltaMessage delta:
                    await reader.SkipBodyAsync(_stop.Token);
                    _arrivals[delta.Path] = Stopwatch.GetTimestamp();
                    break;
                case PingMessage ping:
                    _link.Send(new PongMessage(ping.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                    break;
                case ErrorMessage error:
                    _indexed.TrySetException(new InvalidOperationException($"the server sent ERROR {error.Code}: {error.Message}"));
                    return;
                default:
                    break;
            }
        }

        _indexed.TrySetException(new InvalidOperationException("the server closed the connection"));
    }
}
