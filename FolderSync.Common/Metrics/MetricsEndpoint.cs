using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Metrics;

/// <summary>
/// Answers <c>GET /metrics</c> over plain HTTP/1.1 on a loopback socket, one request per connection: a Prometheus
/// scrape needs no more, and a socket of our own stays clear of HttpListener and ASP.NET under native AOT.
/// </summary>
public sealed class MetricsEndpoint(IPEndPoint endpoint, IMetricsSource source, ILogger<MetricsEndpoint> logger) : BackgroundService
{
    private const int MaxRequestBytes = 8 * 1024;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(endpoint);
        listener.Listen(16);
        logger.LogInformation("Metrics on http://{Endpoint}/metrics", listener.LocalEndPoint);
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
    }

    private async Task AnswerAsync(Socket peer, CancellationToken stoppingToken)
    {
        try
        {
            await using var stream = new NetworkStream(peer, ownsSocket: true);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(RequestTimeout);
            string? requestLine = await ReadRequestLineAsync(stream, timeout.Token);
            var (status, body, type) = requestLine?.Split(' ') is ["GET", "/metrics", _]
                ? ("200 OK", (await source.GetMetricsAsync()).ToString(), PrometheusText.ContentType)
                : ("404 Not Found", "only GET /metrics is served here\n", "text/plain; charset=utf-8");
            byte[] content = Encoding.UTF8.GetBytes(body);
            string head = $"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
            await stream.WriteAsync(content, timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            logger.LogDebug(ex, "Metrics request ended early");
        }
    }

    /// <summary>The request line, once the whole head has arrived (bounded); null for a request that is not HTTP.</summary>
    private static async Task<string?> ReadRequestLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            length += read;
            string head = Encoding.ASCII.GetString(buffer, 0, length);
            if (head.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return head[..head.IndexOf('\r', StringComparison.Ordinal)];
            }
        }

        return null;
    }
}
