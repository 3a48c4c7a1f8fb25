namespace FolderSync.Common.Sync;

/// <summary>
/// An ordered plan: directories are created before their children and removed after them, moves run once
/// their destination directories exist, and files that replace a directory come after its children are gone.
/// Conflicts are listed apart: the client uploads each with its base and the server decides.
/// </summary>
public sealed record SyncPlan(IReadOnlyList<PlanStep> Steps, IReadOnlyList<PlanStep> Conflicts)
{
    public static readonly SyncPlan Empty = new([], []);

    public bool IsEmpty => Steps.Count == 0 && Conflicts.Count == 0;
}
