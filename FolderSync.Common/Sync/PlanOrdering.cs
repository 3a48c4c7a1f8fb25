namespace FolderSync.Common.Sync;

/// <summary>Orders plan steps so every step finds its parent directory in place and removes only emptied ones.</summary>
internal static class PlanOrdering
{
    public static SyncPlan Order(IEnumerable<PlanStep> steps)
    {
        var all = steps.ToList();
        var conflicts = all.Where(s => s.Action == SyncAction.Conflict).OrderBy(s => s.Path).ToList();
        var ordered = all
            .Where(s => s.Action != SyncAction.Conflict)
            .OrderBy(PhaseOf)
            .ThenBy(s => PhaseOf(s) == PlanPhase.Removal ? -s.Path.Depth : s.Path.Depth)
            .ThenBy(s => s.Path)
            .ToList();
        return new SyncPlan(ordered, conflicts);
    }

    private static PlanPhase PhaseOf(PlanStep step)
    {
        if (step.Action == SyncAction.UploadMove)
        {
            return PlanPhase.Move;
        }

        if (step.IsRemoval)
        {
            return PlanPhase.Removal;
        }

        if (step.Target is { IsDirectory: true })
        {
            return PlanPhase.CreateDirectory;
        }

        // A file that takes the place of a directory waits until that directory's children are gone.
        return step.Local is { IsDirectory: true } || step.Remote is { IsDirectory: true }
            ? PlanPhase.ReplaceDirectory
            : PlanPhase.Content;
    }
}
