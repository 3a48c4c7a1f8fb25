using System.Globalization;
using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary>
/// Prints <c>activity</c> answers: a table (local time, path, direction and kind, size, who; the server adds the
/// folder) or, with <c>--json</c>, the answer itself, or one entry per line while following.
/// </summary>
internal sealed class ActivityPrinter(bool json, bool withFolder)
{
    private int[]? _widths;

    private string[] Header => withFolder
        ? ["TIME", "FOLDER", "PATH", "CHANGE", "SIZE", "WHO"]
        : ["TIME", "PATH", "CHANGE", "SIZE", "WHO"];

    public void PrintList(JsonObject answer)
    {
        if (json)
        {
            ControlCommand.Print(answer, json: true, _ => string.Empty);
            return;
        }

        var rows = Entries(answer).Select(Row).ToList();
        Console.WriteLine(rows.Count == 0 ? "no changes yet" : Table(rows, header: true));
    }

    /// <summary>One answer while following, oldest first; the header (as wide as the first rows) once.</summary>
    public void PrintFollowed(JsonObject answer, bool reverse)
    {
        var entries = Entries(answer).ToList();
        if (reverse)
        {
            entries.Reverse();
        }

        if (json)
        {
            foreach (var entry in entries)
            {
                Console.WriteLine(entry.ToJsonString());
            }

            return;
        }

        var rows = entries.Select(Row).ToList();
        bool first = _widths is null;
        if (rows.Count > 0 || first)
        {
            Console.WriteLine(Table(rows, header: first));
        }
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.#} GiB"),
    };

    private static IEnumerable<JsonObject> Entries(JsonObject answer) => answer["entries"]!.AsArray().Select(e => e!.AsObject());

    private string[] Row(JsonObject entry)
    {
        string time = DateTimeOffset.Parse(entry["time"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string path = entry["to"] is { } to ? $"{entry["path"]} -> {to}" : entry["path"]!.GetValue<string>();
        string kind = entry["kind"]!.GetValue<string>();
        string size = kind is "delete" or "move" or "mode" or "dir" ? "-" : Size(entry["size"]!.GetValue<long>());
        string change = $"{entry["direction"]} {kind}";
        string who = entry["who"]!.GetValue<string>();
        return withFolder ? [time, entry["folder"]!.GetValue<string>(), path, change, size, who] : [time, path, change, size, who];
    }

    /// <summary>Left-aligned columns two spaces apart, as wide as the widest cell of the first rows printed.</summary>
    private string Table(List<string[]> rows, bool header)
    {
        var all = header ? rows.Prepend(Header).ToList() : rows;
        _widths ??= Header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        return string.Join(Environment.NewLine, all.Select(r => string.Join("  ", r.Select((cell, i) => cell.PadRight(_widths[i]))).TrimEnd()));
    }
}
