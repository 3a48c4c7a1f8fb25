using System.Text.Json;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>The client's <c>status --json</c> fields the runner relies on (DESIGN §8).</summary>
internal sealed record FolderSyncStatus(bool Connected, long PendingUploads, long PendingDownloads, long? FilesTracked)
{
    public bool Synced(int expectedFiles) =>
        Connected && PendingUploads == 0 && PendingDownloads == 0 && (FilesTracked is null || FilesTracked >= expectedFiles);

    /// <summary>
    /// Reads the daemon's status socket (<c>StateDir/status.sock</c>) directly: the same JSON the `status`
    /// command prints, without starting a .NET process per poll, which would compete for the CPU with the
    /// daemons being measured.
    /// </summary>
    public static async Task<FolderSyncStatus?> QueryAsync(string config)
    {
        string output;
        try
        {
            string stateDir = JsonDocument.Parse(await File.ReadAllTextAsync(config)).RootElement.GetProperty("StateDir").GetString()!;
            stateDir = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(config))!, stateDir));
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(stateDir, "status.sock")), timeout.Token);
            await using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
            // The control socket takes one request line (a daemon from before it answers status regardless).
            await stream.WriteAsync("{\"command\":\"status\"}\n"u8.ToArray(), timeout.Token);
            using var reader = new StreamReader(stream);
            output = await reader.ReadToEndAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }

        try
        {
            int start = output.IndexOf('{', StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(start >= 0 ? output[start..] : output);
            var root = doc.RootElement;
            return new FolderSyncStatus(
                root.TryGetProperty("connected", out var c) && c.ValueKind == JsonValueKind.True,
                root.TryGetProperty("pendingUploads", out var up) && up.TryGetInt64(out long u) ? u : -1,
                root.TryGetProperty("pendingDownloads", out var down) && down.TryGetInt64(out long d) ? d : -1,
                root.TryGetProperty("filesTracked", out var f) && f.TryGetInt64(out long n) ? n : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
