using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FolderSync.Server.Hosting;

/// <summary>The readable form of the server's status (without <c>--json</c>).</summary>
internal static class ServerStatusFormatter
{
    public static string Format(JsonObject status)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"listening on {status["listen"]}");
        text.AppendLine("FOLDER           ACCESS    FILES      SEQUENCE  PATH");
        foreach (var folder in status["folders"]!.AsArray())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{folder!["name"],-16} {folder["access"],-9} {folder["files"],-10} {folder["sequence"],-9} {folder["path"]}");
            if (folder["halted"] is { } halted)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  HALTED: {halted}");
            }

            if (folder["heldDeletes"]?["reason"] is { } held)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  DELETES HELD: {held}");
            }

            foreach (var problem in folder["problems"]?["paths"]?.AsArray() ?? [])
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  PROBLEM {problem!["path"]}: {problem["reason"]} ({problem["attempts"]} failed)");
            }
        }

        var clients = status["clients"]!.AsArray();
        text.AppendLine(CultureInfo.InvariantCulture, $"{clients.Count} client(s) connected");
        foreach (var client in clients)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {client!["id"],-16} {client["folder"],-16} {client["address"],-24} rtt {client["rttMs"]?.ToString() ?? "-"} ms, clock {client["clockOffsetMs"]?.ToString() ?? "-"} ms");
        }

        return text.ToString().TrimEnd();
    }
}
