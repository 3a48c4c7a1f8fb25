using System.Net;
using FolderSync.Common.Configuration;
using FolderSync.Common.Hosting;

namespace FolderSync.Common.Metrics;

/// <summary><c>Metrics:Listen</c>: off when empty; a loopback address only, since the endpoint asks nobody for a token.</summary>
public static class MetricsListen
{
    public const string Key = "Metrics:Listen";

    /// <summary>Where to serve metrics, or null when they are off; throws <see cref="ConfigurationException"/> for anything else.</summary>
    public static IPEndPoint? Parse(string? listen)
    {
        if (string.IsNullOrWhiteSpace(listen))
        {
            return null;
        }

        if (!SharedOptionsValidation.TryParseEndpoint(listen, out var host, out int port))
        {
            throw new ConfigurationException(Key, $"'{listen}' is not host:port");
        }

        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : null;
        if (address is null || !IPAddress.IsLoopback(address))
        {
            throw new ConfigurationException(Key, $"'{listen}' is not a loopback address: metrics are served without authentication, so only 127.0.0.1:PORT, [::1]:PORT or localhost:PORT (put a reverse proxy with authentication in front to expose them)");
        }

        return new IPEndPoint(address, port);
    }
}
