using System.Globalization;
using System.Text;

namespace FolderSync.Bench.Runner.Report;

/// <summary>
/// Renders the results as a Markdown table: one column per tool, FolderSync first; each reference cell carries the
/// ratio FolderSync / reference (below 1 = FolderSync smaller, i.e. faster or lighter).
/// </summary>
internal static class ResultTable
{
    public const string Subject = "FolderSync";

    public static string Render(Results results, IReadOnlyList<string> tools)
    {
        var text = new StringBuilder();
        text.AppendLine("| Metric | " + string.Join(" | ", tools) + " |");
        text.AppendLine("|---|" + string.Concat(tools.Select(_ => "---:|")));
        foreach (var metric in Metric.All)
        {
            if (tools.All(t => results.Value(metric, t) is null))
            {
                continue;
            }

            double? subject = results.Value(metric, Subject);
            var cells = tools.Select(tool => Cell(results.Value(metric, tool), tool == Subject ? null : subject));
            text.AppendLine($"| {metric.Label} ({metric.Unit}) | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }

    private static string Cell(double? value, double? subject)
    {
        if (value is null)
        {
            return "–";
        }

        string cell = Format(value.Value);
        if (subject is not null && value.Value > 0)
        {
            double ratio = subject.Value / value.Value;
            cell += string.Create(CultureInfo.InvariantCulture, $" (×{ratio.ToString(ratio >= 0.1 ? "0.##" : "0.###", CultureInfo.InvariantCulture)})");
        }

        return cell;
    }

    private static string Format(double value) => value switch
    {
        >= 100 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
