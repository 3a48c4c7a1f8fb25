namespace FolderSync.Bench.Runner.Report;

/// <summary>
/// The part of a report below <see cref="Marker"/> is written by people (targets and gaps, what moved the numbers,
/// micro-benchmarks) and survives every regeneration; everything above it belongs to the runner.
/// </summary>
internal static class HandWrittenSections
{
    public const string Marker = "<!-- hand-written below: kept by the runner -->";

    /// <summary>The marker line and everything after it in <paramref name="path"/>; just the marker when there is none yet.</summary>
    public static string Read(string path)
    {
        string text = File.Exists(path) ? File.ReadAllText(path) : "";
        int at = text.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? Marker + "\n" : text[at..];
    }
}
