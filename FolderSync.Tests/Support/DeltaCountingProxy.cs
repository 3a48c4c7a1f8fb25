using System.Net;
using System.Net.Sockets;

namespace FolderSync.Tests.Support;

/// <summary>
/// A loopback TCP proxy that counts, each way, the bytes that went over the wire and the frame headers of one
/// type among them, by their "type" text.
/// </summary>
internal sealed class DeltaCountingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly int _targetPort;
    private readonly Task _accepting;
    private readonly byte[] _marker;
    private long _serverToClient;
    private long _clientToServer;
    private int _markers;
    private int _clientMarkers;

    public DeltaCountingProxy(int targetPort, string countedType = "FILE_DELTA")
    {
        _targetPort = targetPort;
        _marker = System.Text.Encoding.UTF8.GetBytes($"\"type\":\"{countedType}\"");
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public long ServerToClientBytes => Interlocked.Read(ref _serverToClient);

    public long ClientToServerBytes => Interlocked.Read(ref _clientToServer);

    /// <summary>Frames of the counted type the server sent (a body that happens to hold the text counts too).</summary>
    public int CountedFrames => Volatile.Read(ref _markers);

    /// <summary>Frames of the counted type the client sent.</summary>
    public int ClientCountedFrames => Volatile.Read(ref _clientMarkers);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                lock (_pumps)
                {
                    _pumps.Add(PumpAsync(server, client, fromServer: true));
                    _pumps.Add(PumpAsync(client, server, fromServer: false));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool fromServer)
    {
        var buffer = new byte[64 * 1024];
        byte[] carry = [];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            int read;
            while ((read = await input.ReadAsync(buffer, _stop.Token)) > 0)
            {
                // The tail of the previous read is kept, so a marker split across reads is seen (once).
                var span = ((byte[])[.. carry, .. buffer.AsSpan(0, read)]).AsSpan();
                int at;
                while ((at = span.IndexOf(_marker)) >= 0)
                {
                    Interlocked.Increment(ref fromServer ? ref _markers : ref _clientMarkers);
                    span = span[(at + _marker.Length)..];
                }

                carry = span[Math.Max(0, span.Length - _marker.Length + 1)..].ToArray();
                Interlocked.Add(ref fromServer ? ref _serverToClient : ref _clientToServer, read);

                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps);
        _listener.Dispose();
        _stop.Dispose();
    }
}
