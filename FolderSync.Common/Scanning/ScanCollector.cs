using FolderSync.Common.Protocol;

namespace FolderSync.Common.Scanning;

/// <summary>What one walk gathers before hashing: entries, skips, and files whose content must be read.</summary>
internal sealed class ScanCollector
{
    public Dictionary<RelativePath, ScannedEntry> Entries { get; } = [];

    public List<SkippedEntry> Skipped { get; } = [];

    public List<(RelativePath Path, bool RequireText)> Pending { get; } = [];

    public List<RelativePath> OwnTempFiles { get; } = [];

    public void Add(RelativePath path, ScanOneResult result)
    {
        if (result.Entry is { } entry)
        {
            Entries[path] = entry;
        }
        else if (result.Skipped is { } skipped)
        {
            Skipped.Add(skipped);
        }
    }

    public ScanResult ToResult(int hashedCount) => new(Entries, Skipped, hashedCount, RootMissing: false) { OwnTempFiles = OwnTempFiles };
}
