using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Hosting;

/// <summary>
/// The control socket in the state directory (mode 0600: only the daemon's user may ask). Per connection, one
/// request line <c>{"command":"status", ...args}</c> in, one JSON document out (<see cref="ControlDispatcher"/>).
/// A request whose asker hangs up (a <c>wait</c> interrupted) is cancelled.
/// </summary>
public sealed class StatusEndpoint(string socketPath, ControlDispatcher dispatcher, ILogger<StatusEndpoint> logger) : BackgroundService
{
    public const string FileName = "status.sock";

    /// <summary>A request longer than this is refused unread: the socket is local, but still bounded.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    /// <summary>Listening before the host calls itself started (and tells systemd READY): ExecuteAsync runs later, on the thread pool.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        File.Delete(socketPath);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(16);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _listener.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = _listener;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var peer = await listener.AcceptAsync(stoppingToken);
                _ = AnswerAsync(peer, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    private async Task AnswerAsync(Socket peer, CancellationToken stoppingToken)
    {
        try
        {
            await using var stream = new NetworkStream(peer, ownsSocket: true);
            string? line = await ReadLineAsync(stream, stoppingToken);
            string answer = line is null
                ? """{"ok":false,"error":"the request is not one line of at most 64 KiB","code":"usage"}"""
                : await AnswerWhileConnectedAsync(stream, line, stoppingToken);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(answer + "\n"), stoppingToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            logger.LogDebug(ex, "Control request ended early");
        }
    }

    private async Task<string> AnswerWhileConnectedAsync(NetworkStream stream, string line, CancellationToken stoppingToken)
    {
        using var asking = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // The asker sends nothing more: a read that ends means it hung up.
        var hangUp = stream.ReadAsync(new byte[1], asking.Token).AsTask()
            .ContinueWith(_ => asking.Cancel(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return (await dispatcher.AnswerAsync(line, asking.Token)).ToJsonString();
        }
        finally
        {
            asking.Cancel();
            await hangUp;
        }
    }

    private static async Task<string?> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(length, 1), cancellationToken);
            if (read == 0 || buffer[length] == (byte)'\n')
            {
                return read == 0 && length == 0 ? null : Encoding.UTF8.GetString(buffer, 0, length);
            }

            length++;
        }

        return null;
    }
}
