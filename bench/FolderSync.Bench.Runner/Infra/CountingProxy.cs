using System.Net;
using System.Net.Sockets;

namespace FolderSync.Bench.Runner.Infra;

/// <summary>
/// A loopback TCP relay between a tool's client and its server that counts the bytes it forwards, so
/// "bytes on the wire" is measured the same way for every tool (payload bytes, without TCP/IP headers).
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private long _bytes;

    public CountingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Bytes forwarded in both directions since the proxy started.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        using var _ = inbound;
        using var outbound = new TcpClient { NoDelay = true };
        inbound.NoDelay = true;
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            var up = PumpAsync(a, b, outbound.Client);
            var down = PumpAsync(b, a, inbound.Client);
            await Task.WhenAll(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A peer went away: the relay ends with it.
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Socket toSocket)
    {
        byte[] buffer = new byte[128 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                Interlocked.Add(ref _bytes, read);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }

            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            from.Close();
            to.Close();
        }
    }
}
