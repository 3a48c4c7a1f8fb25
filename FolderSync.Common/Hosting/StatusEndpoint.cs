using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Hosting;

/// <summary>
/// Serves <c>status</c> on a Unix socket in the state directory (mode 0600: only the daemon's user may ask).
/// One request line in, one JSON document out.
/// </summary>
public sealed class StatusEndpoint(string socketPath, IStatusSource source, ILogger<StatusEndpoint> logger) : BackgroundService
{
    public const string FileName = "status.sock";

    private Socket? _listener;

    /// <summary>
    /// Binds before the host reports itself started: since .NET 10 <see cref="BackgroundService"/> runs all of
    /// ExecuteAsync in the background, so a bind there could come after READY=1 and a <c>status</c> that trusts it.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        File.Delete(socketPath);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(16);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var peer = await _listener!.AcceptAsync(stoppingToken);
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

    private async Task AnswerAsync(Socket peer, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new NetworkStream(peer, ownsSocket: true);
            var json = (await source.GetStatusAsync()).ToJsonString();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(json), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            logger.LogDebug(ex, "Status request ended early");
        }
    }
}
