using FolderSync.Common.Protocol;

namespace FolderSync.Common.Scanning;

/// <param name="Entries">Every synced file and directory found, keyed by path.</param>
/// <param name="Skipped">Paths left out, with the reason (hidden and temp names are not listed: too noisy).</param>
/// <param name="HashedCount">How many files had their content read; 0 for an unchanged tree with previous records.</param>
/// <param name="RootMissing">The root does not exist or is not a directory: halt, never read it as "everything deleted".</param>
public sealed record ScanResult(
    IReadOnlyDictionary<RelativePath, ScannedEntry> Entries,
    IReadOnlyList<SkippedEntry> Skipped,
    int HashedCount,
    bool RootMissing)
{
    /// <summary>FolderSync temp files the walk passed (a transfer cut short by a kill): removed at start-up.</summary>
    public IReadOnlyList<RelativePath> OwnTempFiles { get; init; } = [];

    public static ScanResult Missing { get; } = new(new Dictionary<RelativePath, ScannedEntry>(), [], 0, RootMissing: true);

    /// <summary>
    /// True when <paramref name="path"/> or one of its ancestors was skipped as unreadable or unstable:
    /// its absence from <see cref="Entries"/> says nothing, so its state must be kept, not deleted.
    /// </summary>
    public bool IsUncertain(RelativePath path) =>
        Skipped.Any(s => s.Reason is SkipReason.Unreadable or SkipReason.Unstable && path.IsSameOrUnder(s.Path));
}
