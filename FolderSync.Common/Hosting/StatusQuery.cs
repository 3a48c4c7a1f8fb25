using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary>The asking side of <see cref="StatusEndpoint"/>: what the command-line verbs and tests call.</summary>
public static class StatusQuery
{
    /// <summary>The running daemon's status (without the answer's <c>ok</c>), or null when nothing listens on the socket.</summary>
    public static async Task<JsonObject?> TryQueryAsync(string socketPath, CancellationToken cancellationToken)
    {
        var answer = await TryRequestAsync(socketPath, new JsonObject { ["command"] = StatusCommand.Name }, cancellationToken);
        answer?.Remove("ok");
        return answer;
    }

    /// <summary>Sends one request and returns the daemon's answer, or null when nothing listens on the socket.</summary>
    public static async Task<JsonObject?> TryRequestAsync(string socketPath, JsonObject request, CancellationToken cancellationToken)
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
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? line = await reader.ReadLineAsync(cancellationToken);
        return line is null ? null : JsonNode.Parse(line) as JsonObject;
    }
}
