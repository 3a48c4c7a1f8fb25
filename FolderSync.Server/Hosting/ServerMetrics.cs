using System.Globalization;
using System.Text.Json.Nodes;
using FolderSync.Common.Metrics;

namespace FolderSync.Server.Hosting;

/// <summary>The server's Prometheus metrics, read off its status document so the two never disagree.</summary>
internal static class ServerMetrics
{
    public static PrometheusText From(JsonObject status)
    {
        var text = new PrometheusText();
        var clients = status["clients"]?.AsArray() ?? [];
        text.Gauge("foldersync_server_clients", "Connected clients", clients.Count);
        foreach (var folder in status["folders"]?.AsArray() ?? [])
        {
            var name = ("folder", folder!["name"]!.ToString());
            text.Gauge("foldersync_server_folder_files", "Files and directories in the folder", Number(folder["files"]), name)
                .Gauge("foldersync_server_folder_sequence", "The folder's last change sequence", Number(folder["sequence"]), name)
                .Gauge("foldersync_server_folder_problems", "Paths waiting for a retry", Number(folder["problems"]?["count"]), name)
                .Gauge("foldersync_server_folder_halted", "1 when the folder halted (safety interlock)", folder["halted"] is null ? 0 : 1, name)
                .Gauge("foldersync_server_folder_clients", "Clients connected to the folder", clients.Count(c => c!["folder"]?.ToString() == name.Item2), name);
        }

        foreach (var client in clients)
        {
            var labels = new[] { ("client", client!["id"]!.ToString()), ("folder", client["folder"]!.ToString()) };
            text.Gauge("foldersync_server_client_rtt_seconds", "Round trip to the client", Number(client["rttMs"]) / 1000, labels)
                .Gauge("foldersync_server_client_queued_bytes", "Bytes queued for the client, not yet on its socket", Number(client["queuedBytes"]), labels);
        }

        return text;
    }

    private static double? Number(JsonNode? value) =>
        value is null ? null : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
}
