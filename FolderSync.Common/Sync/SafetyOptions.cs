namespace FolderSync.Common.Sync;

/// <summary>Thresholds of <see cref="SafetyCheck"/>.</summary>
/// <param name="MinTrackedForEmptyRootHalt">A root that tracked at least this many entries and is now empty halts.</param>
/// <param name="MaxDeleteShare">A plan deleting more than this share of the tracked files needs confirmation.</param>
/// <param name="MinDeletesForConfirmation">
/// Below this many deletes no confirmation is asked, so removing 2 of 3 files in a tiny folder just syncs.
/// </param>
public sealed record SafetyOptions(int MinTrackedForEmptyRootHalt = 10, double MaxDeleteShare = 0.5, int MinDeletesForConfirmation = 10)
{
    public static readonly SafetyOptions Default = new();
}
