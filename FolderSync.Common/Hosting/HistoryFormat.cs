using System.Text;
using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary>The readable form of the history verbs' answers (<c>--json</c> prints the answers as they are).</summary>
internal static class HistoryFormat
{
    public static string History(JsonObject answer)
    {
        if (answer["deleted"] is JsonArray deleted)
        {
            return deleted.Count == 0
                ? "no deleted files in history"
                : TextTable.Format(
                    ["PATH", "DELETED", "BY", "LAST SIZE", "RESTORE"],
                    [.. deleted.Select(d => new[] { Text(d?["path"]), Text(d?["time"]), Text(d?["origin"]), Text(d?["size"]), d?["restoreVersion"] is { } v ? $"--version {v}" : "(not stored)" })]);
        }

        return TextTable.Format(
            ["VERSION", "SEQ", "TIME", "ORIGIN", "SIZE", "SHA256", "KIND", "NOTE"],
            [.. (answer["versions"] as JsonArray ?? []).Select(v => new[]
            {
                Text(v?["version"]), Text(v?["sequence"]), Text(v?["time"]), Text(v?["origin"]), Text(v?["size"]),
                Text(v?["sha256"]), Text(v?["kind"]), Note(v),
            })]);
    }

    /// <summary>The version's note, and that it cannot be restored when its content was not kept.</summary>
    private static string Note(JsonNode? version)
    {
        string note = Text(version?["note"], string.Empty);
        return version?["stored"]?.GetValue<bool>() == false ? $"{note} (content not stored)".Trim() : note;
    }

    public static string Restore(JsonObject answer)
    {
        string to = answer["to"] is { } target ? $" to {target}" : string.Empty;
        return $"restored {Text(answer["path"])} version {Text(answer["version"])}{to} (sequence {Text(answer["sequence"])})";
    }

    public static string Conflicts(JsonObject answer)
    {
        var conflicts = answer["conflicts"] as JsonArray ?? [];
        return conflicts.Count == 0
            ? "no open conflicts"
            : TextTable.Format(
                ["FILE", "CONFLICT COPY", "FILE FROM", "FILE TIME", "COPY FROM", "COPY TIME"],
                [.. conflicts.Select(c => new[]
                {
                    Text(c?["path"]), Text(c?["copy"]), Text(c?["file"]?["origin"]), Text(c?["file"]?["time"]), Text(c?["copyOf"]?["origin"]), Text(c?["copyOf"]?["time"]),
                })]);
    }

    public static string Resolve(JsonObject answer)
    {
        var text = new StringBuilder();
        int resolved = answer["resolved"]?.GetValue<int>() ?? 0;
        text.Append($"resolved {resolved} conflict{(resolved == 1 ? string.Empty : "s")} keeping {Text(answer["keep"])}");
        foreach (var conflict in answer["conflicts"] as JsonArray ?? [])
        {
            text.Append($"\n  {Text(conflict?["path"])}: ");
            text.Append(Text(conflict?["kept"]) switch
            {
                "both" => $"kept both; {Text(conflict?["copy"])} stays a file of its own",
                "copy" => $"kept the conflict copy's content; removed {Text(conflict?["copy"])}",
                _ => $"kept the file as it is; removed {Text(conflict?["copy"])}",
            });
        }

        return text.ToString();
    }

    public static string ConfirmDeletes(JsonObject answer) =>
        (answer["released"]?.GetValue<int>() ?? 0) is var released && released == 0
            ? "no deletes were held"
            : $"released {released} held delete{(released == 1 ? string.Empty : "s")}";

    private static string Text(JsonNode? value, string missing = "-") => value?.ToString() ?? missing;
}
