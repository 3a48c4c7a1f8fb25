using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FolderSync.Client.Hosting;

/// <summary>The readable form of the client's status (without <c>--json</c>).</summary>
internal static class ClientStatusFormatter
{
    public static string Format(JsonObject status)
    {
        var text = new StringBuilder();
        bool connected = status["connected"]?.GetValue<bool>() ?? false;
        text.AppendLine(CultureInfo.InvariantCulture, $"{(connected ? "connected to" : "NOT connected to")} {status["server"]}, folder {status["folder"]} ({status["access"]}) at {status["localPath"]}");
        text.AppendLine(CultureInfo.InvariantCulture, $"files tracked     {status["filesTracked"]}");
        text.AppendLine(CultureInfo.InvariantCulture, $"pending           {status["pendingUploads"]} up, {status["pendingDownloads"]} down");
        text.AppendLine(CultureInfo.InvariantCulture, $"last sequence     {status["lastSequence"]}");
        text.AppendLine(CultureInfo.InvariantCulture, $"round trip        {status["rttMs"]?.ToString() ?? "-"} ms");
        text.AppendLine(CultureInfo.InvariantCulture, $"server clock      {status["clockOffsetMs"]?.ToString() ?? "-"} ms ahead of this host");
        text.AppendLine(CultureInfo.InvariantCulture, $"last activity     {status["lastActivity"]?.ToString() ?? "-"}");
        AppendList(text, "conflicts", status["conflicts"]?.AsArray().Select(c => c!.ToString()).ToList() ?? []);
        AppendPaths(text, "local only", status["localOnly"]);
        AppendPaths(text, "skipped", status["skipped"]);
        AppendPaths(text, "problems", status["problems"]);
        if (status["lastError"] is { } error)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"last error        {error}");
        }

        return text.ToString().TrimEnd();
    }

    private static void AppendList(StringBuilder text, string title, List<string> paths)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"{title,-17} {paths.Count}");
        foreach (var path in paths.Take(10))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {path}");
        }
    }

    private static void AppendPaths(StringBuilder text, string title, JsonNode? list)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"{title,-17} {list?["count"]}");
        foreach (var entry in list?["paths"]?.AsArray().Take(10) ?? [])
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {entry!["path"]}: {entry["reason"]}");
        }
    }
}
