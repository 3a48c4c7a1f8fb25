using System.Globalization;
using System.Text.Json.Nodes;
using FolderSync.Common.Metrics;

namespace FolderSync.Client.Hosting;

/// <summary>The client's Prometheus metrics, read off its status document so the two never disagree.</summary>
internal static class ClientMetrics
{
    public static PrometheusText From(JsonObject status)
    {
        var folder = ("folder", status["folder"]?.ToString() ?? string.Empty);
        var traffic = status["traffic"];
        return new PrometheusText()
            .Gauge("foldersync_client_connected", "1 when connected to the server", Flag(status["connected"]), folder)
            .Gauge("foldersync_client_paused", "1 when paused (nothing syncs until resume)", Flag(status["paused"]), folder)
            .Gauge("foldersync_client_files_tracked", "Files and directories in the state table", Number(status["filesTracked"]), folder)
            .Gauge("foldersync_client_pending", "Changes not yet synced", Number(status["pendingUploads"]), folder, ("direction", "up"))
            .Gauge("foldersync_client_pending", "Changes not yet synced", Number(status["pendingDownloads"]), folder, ("direction", "down"))
            .Gauge("foldersync_client_conflict_copies", "Conflict copies in the folder", status["conflicts"]?.AsArray().Count, folder)
            .Gauge("foldersync_client_problems", "Paths waiting for a retry", Number(status["problems"]?["count"]), folder)
            .Gauge("foldersync_client_rtt_seconds", "Round trip to the server", Number(status["rttMs"]) / 1000, folder)
            .Gauge("foldersync_client_last_sync_timestamp_seconds", "When something last synced (Unix time)", Timestamp(status["lastActivity"]), folder)
            .Counter("foldersync_client_files_total", "File contents sent (up) and received (down) since start", Number(traffic?["filesSent"]), folder, ("direction", "up"))
            .Counter("foldersync_client_files_total", "File contents sent (up) and received (down) since start", Number(traffic?["filesReceived"]), folder, ("direction", "down"))
            .Counter("foldersync_client_bytes_total", "File content bytes sent (up) and received (down) since start", Number(traffic?["bytesSent"]), folder, ("direction", "up"))
            .Counter("foldersync_client_bytes_total", "File content bytes sent (up) and received (down) since start", Number(traffic?["bytesReceived"]), folder, ("direction", "down"))
            .Counter("foldersync_client_messages_total", "Protocol messages since start, PING and PONG left out", Number(traffic?["sent"]), folder, ("direction", "sent"))
            .Counter("foldersync_client_messages_total", "Protocol messages since start, PING and PONG left out", Number(traffic?["received"]), folder, ("direction", "received"));
    }

    private static double? Number(JsonNode? value) =>
        value is null ? null : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    private static double? Flag(JsonNode? value) => value is null ? null : value.GetValue<bool>() ? 1 : 0;

    private static double? Timestamp(JsonNode? value) =>
        value is null ? null : DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() / 1000.0;
}
