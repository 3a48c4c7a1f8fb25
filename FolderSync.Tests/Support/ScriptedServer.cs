using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using FolderSync.Common.Security;
using FolderSync.Common.Transport;
using FolderSync.Server.Security;

namespace FolderSync.Tests.Support;

/// <summary>
/// A fake server on 127.0.0.1 for the client's side of the protocol: TLS with its own self-signed certificate, then
/// <c>script</c> plays each accepted connection (given the connection and the channel binding, its fingerprint).
/// Afterwards it records whatever the client still sends until it closes.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly X509Certificate2 _certificate;
    private readonly Func<FrameConnection, string, CancellationToken, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<ScriptedServerConnection> _connections = new();
    private readonly Task _accepting;

    private ScriptedServer(string stateDir, Func<FrameConnection, string, CancellationToken, Task> script)
    {
        _certificate = ServerCertificate.LoadOrCreate(stateDir);
        _script = script;
        _listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public IReadOnlyList<ScriptedServerConnection> Connections => [.. _connections];

    public static ScriptedServer Start(string stateDir, Func<FrameConnection, string, CancellationToken, Task> script) => new(stateDir, script);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _certificate.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var served = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(_stop.Token);
                served.Add(ServeAsync(socket));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        await Task.WhenAll(served);
    }

    private async Task ServeAsync(Socket socket)
    {
        var record = new ScriptedServerConnection(_clock.Elapsed);
        _connections.Enqueue(record);
        try
        {
            var ssl = await TlsStreams.AuthenticateAsServerAsync(new NetworkStream(socket, ownsSocket: true), _certificate, _stop.Token);
            await using var connection = new FrameConnection(ssl, socket.RemoteEndPoint, socket: socket);
            await _script(connection, CertificateFingerprint.Of(_certificate), _stop.Token);
            while (await connection.Reader.ReadAsync(_stop.Token) is { } message)
            {
                record.AfterScript.Add(message);
                await connection.Reader.SkipBodyAsync(_stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or ConnectionClosedException or OperationCanceledException or System.Security.Authentication.AuthenticationException
            or Common.Protocol.ProtocolException)
        {
            // The client hung up on us: that is what these tests want to see.
        }
        finally
        {
            record.Close(_clock.Elapsed);
            socket.Dispose();
        }
    }
}
