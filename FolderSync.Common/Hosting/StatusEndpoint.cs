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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        File.Delete(socketPath);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(16);
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
