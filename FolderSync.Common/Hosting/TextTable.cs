using System.Text;

namespace FolderSync.Common.Hosting;

/// <summary>Left-aligned columns as wide as their widest cell, two spaces apart.</summary>
internal static class TextTable
{
    public static string Format(string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((title, i) => rows.Select(r => r[i].Length).Append(title.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString().TrimEnd();
    }
}
