using System.Net;
using System.Net.Sockets;

namespace FolderSync.Tests.Support;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a server: forwards both ways, can cut the next connection once
/// the server has sent a given number of bytes through it, can stall what clients send mid-stream until
/// resumed, and refuses connections while held.
/// </summary>
internal sealed class EngineCutProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _acceptLoop;
    private long _cutAfter = -1;
    private volatile bool _held;
    private int _accepted;
    private int _cuts;
    private long _upstreamForwarded;
    private long _stallAt = -1;
    private TaskCompletionSource _resume = NewResume();
    private volatile bool _stalled;

    /// <param name="receiveBufferBytes">
    /// The kernel buffer for what clients send (default: autotuned, up to tcp_rmem's maximum). Small, a stall
    /// leaves a sender blocked early in a large body instead of after megabytes sit in buffers.
    /// </param>
    public EngineCutProxy(int targetPort, int? receiveBufferBytes = null)
    {
        _targetPort = targetPort;
        if (receiveBufferBytes is { } bytes)
        {
            _listener.Server.ReceiveBufferSize = bytes;
        }

        _listener.Start();
        _acceptLoop = AcceptAsync(_stopping.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far (refused ones included).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>The next connection is closed once the server has sent this many bytes on it.</summary>
    public void CutNextAfter(long serverBytes) => Interlocked.Exchange(ref _cutAfter, serverBytes);

    /// <summary>While held, connections are accepted and closed at once (the server seems down).</summary>
    public void Hold(bool held) => _held = held;

    /// <summary>True once a stall has been reached: nothing more from clients reaches the server until <see cref="ResumeUpstream"/>.</summary>
    public bool UpstreamStalled => _stalled;

    /// <summary>Client → server traffic stops after this many more bytes (connections stay open).</summary>
    public void StallUpstreamAfter(long clientBytes)
    {
        Volatile.Write(ref _resume, NewResume());
        Interlocked.Exchange(ref _stallAt, Interlocked.Read(ref _upstreamForwarded) + clientBytes);
    }

    public void ResumeUpstream()
    {
        Interlocked.Exchange(ref _stallAt, -1);
        _stalled = false;
        Volatile.Read(ref _resume).TrySetResult();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await _listener.AcceptSocketAsync(cancellationToken);
                Interlocked.Increment(ref _accepted);
                if (_held)
                {
                    client.Dispose();
                    continue;
                }

                var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, cancellationToken);
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(server);
                }

                long cutAfter = Interlocked.Exchange(ref _cutAfter, -1);
                _ = PumpAsync(client, server, -1, cancellationToken, upstream: true);
                _ = PumpAsync(server, client, cutAfter, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(Socket from, Socket to, long cutAfter, CancellationToken cancellationToken, bool upstream = false)
    {
        var buffer = new byte[16 * 1024];
        long forwarded = 0;
        try
        {
            while (true)
            {
                int want = cutAfter < 0 ? buffer.Length : (int)Math.Min(buffer.Length, cutAfter - forwarded);
                if (want == 0)
                {
                    Interlocked.Increment(ref _cuts);
                    break;
                }

                if (upstream)
                {
                    want = await UpstreamAllowanceAsync(want, cancellationToken);
                }

                int read = await from.ReceiveAsync(buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), cancellationToken);
                forwarded += read;
                if (upstream)
                {
                    Interlocked.Add(ref _upstreamForwarded, read);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        // Either side ending ends the pair, as a dropped link would.
        from.Dispose();
        to.Dispose();
    }

    /// <summary>How much a client → server pump may read now; waits while the stall point is reached.</summary>
    private async ValueTask<int> UpstreamAllowanceAsync(int want, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Taken before the stall point is read: a resume in between completes this one, so it is never missed.
            var resume = Volatile.Read(ref _resume);
            long stallAt = Interlocked.Read(ref _stallAt);
            long left = stallAt - Interlocked.Read(ref _upstreamForwarded);
            if (stallAt < 0 || left > 0)
            {
                return stallAt < 0 ? want : (int)Math.Min(want, left);
            }

            _stalled = true;
            await resume.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewResume() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        ResumeUpstream();
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        _stopping.Dispose();
    }
}
