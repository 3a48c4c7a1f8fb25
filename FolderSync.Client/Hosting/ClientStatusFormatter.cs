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
        if (status["paused"]?.GetValue<bool>() == true)
        {
            text.AppendLine("PAUSED            nothing syncs until resume");
        }

        if (status["halted"] is { } halted)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"HALTED            {halted}");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"files tracked     {status["filesTracked"]}");
        text.AppendLine(CultureInfo.InvariantCulture, $"pending           {status["pendingUploads"]} up, {status["pendingDownloads"]} down");
        if (status["progress"] is JsonObject progress)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"transfer          {progress["filesDone"]}/{progress["filesTotal"]} files, {Mib(progress["bytesDone"])}/{Mib(progress["bytesTotal"])} MiB, {Mib(progress["bytesPerSecond"])} MiB/s, ETA {progress["etaSeconds"]} s");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"last sequence     {status["lastSequence"]}");
        text.AppendLine(CultureInfo.InvariantCulture, $"messages          {status["traffic"]?["sent"]} sent, {status["traffic"]?["received"]} received");
        text.AppendLine(CultureInfo.InvariantCulture, $"watcher           {Watcher(status["watcher"])}");
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

    private static string Watcher(JsonNode? watcher)
    {
        if (watcher is null)
        {
            return "-";
        }

        var parts = new List<string> { $"{watcher["mode"]}" };
        if (watcher["watches"] is { } watches)
        {
            parts.Add($"{watches} watches, {watcher["overflows"]} overflows, {watcher["unwatched"]} directories unwatched");
        }

        if (watcher["degraded"]?.GetValue<bool>() == true)
        {
            parts.Add("DEGRADED");
        }

        if (watcher["lastError"] is { } error)
        {
            parts.Add($"last error: {error}");
        }

        return string.Join(", ", parts);
    }

    private static string Mib(JsonNode? bytes) =>
        (double.Parse(bytes?.ToJsonString() ?? "0", CultureInfo.InvariantCulture) / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);

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
