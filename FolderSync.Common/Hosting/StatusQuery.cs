using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary>The client side of <see cref="StatusEndpoint"/>: what <c>status</c> and tests call.</summary>
public static class StatusQuery
{
    /// <summary>The running daemon's status, or null when nothing listens on the socket.</summary>
    public static async Task<JsonObject?> TryQueryAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return null;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
        }
        catch (SocketException)
        {
            return null;
        }

        // Asynchronous and cancellable: a daemon that accepts but never answers must not hang the caller.
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject;
    }
}
