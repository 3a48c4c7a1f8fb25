namespace FolderSync.Common.Scanning;

/// <summary>The outcome for one path: an entry, a skip, or absent (both null).</summary>
public sealed record ScanOneResult(ScannedEntry? Entry, SkippedEntry? Skipped, bool RootMissing = false)
{
    public static ScanOneResult Absent { get; } = new(null, null);

    public bool IsAbsent => Entry is null && Skipped is null && !RootMissing;
}
