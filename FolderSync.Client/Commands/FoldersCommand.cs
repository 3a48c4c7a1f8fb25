using System.Globalization;
using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;

namespace FolderSync.Client.Commands;

/// <summary>
/// <c>folders</c>: the server's folders this client may use, asked over its connection (<see cref="ForwardCommand"/>);
/// the one it is subscribed to is marked. Switching is a config edit and a restart (README, "Commands").
/// </summary>
internal static class FoldersCommand
{
    public static ControlVerb Verb { get; } = new("folders", "List the server's folders this client may use: access, files, size; * marks the subscribed one")
    {
        Format = Table,
    };

    private static string Table(JsonObject answer)
    {
        string[] header = ["", "FOLDER", "ACCESS", "FILES", "SIZE"];
        var rows = answer["folders"]!.AsArray().Select(f => new[]
        {
            f!["subscribed"]?.GetValue<bool>() == true ? "*" : string.Empty,
            f["name"]!.GetValue<string>(),
            f["access"]!.GetValue<string>(),
            f["files"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture),
            Size(f["bytes"]!.GetValue<long>()),
        }).Prepend(header).ToList();
        var widths = header.Select((_, i) => rows.Max(row => row[i].Length)).ToArray();
        return string.Join('\n', rows.Select(row => string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()));
    }

    private static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double size = bytes;
        int unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{size:0.0} {units[unit]}");
    }
}
