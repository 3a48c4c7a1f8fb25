namespace FolderSync.Common.Sync;

/// <summary>Thresholds of <see cref="SafetyCheck"/>.</summary>
/// <param name="MinTrackedForEmptyRootHalt">A root that tracked at least this many entries and is now empty halts.</param>
public sealed record SafetyOptions(int MinTrackedForEmptyRootHalt = 10)
{
    public static readonly SafetyOptions Default = new();
}
