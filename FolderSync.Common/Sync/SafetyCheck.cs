namespace FolderSync.Common.Sync;

/// <summary>
/// The mass-deletion interlock, checked before a plan runs. A vanished or suddenly empty root is far more
/// often an unmounted disk than a user's intent, so it halts instead of propagating thousands of deletes.
/// </summary>
public static class SafetyCheck
{
    /// <param name="rootExists">Whether the synced folder's root directory exists on disk.</param>
    /// <param name="trackedAtBase">Entries (files and directories) the state table tracks as synced.</param>
    /// <param name="seenOnDisk">Entries the scan found on disk now.</param>
    /// <param name="trackedFiles">Files the state table tracks as synced (the denominator of the delete share).</param>
    /// <param name="plannedFileDeletes">Files the plan would delete on either side.</param>
    public static SafetyVerdict Evaluate(
        bool rootExists, int trackedAtBase, int seenOnDisk, int trackedFiles, int plannedFileDeletes, SafetyOptions? options = null)
    {
        options ??= SafetyOptions.Default;

        if (!rootExists && trackedAtBase > 0)
        {
            return new SafetyVerdict(SafetyOutcome.Halt, $"the folder root is missing but {trackedAtBase} entries were synced; is the disk mounted?");
        }

        if (seenOnDisk == 0 && trackedAtBase >= options.MinTrackedForEmptyRootHalt)
        {
            return new SafetyVerdict(SafetyOutcome.Halt, $"the folder root is empty but {trackedAtBase} entries were synced; is the disk mounted?");
        }

        if (plannedFileDeletes >= options.MinDeletesForConfirmation && plannedFileDeletes > options.MaxDeleteShare * trackedFiles)
        {
            return new SafetyVerdict(SafetyOutcome.RequiresConfirmation,
                $"the plan deletes {plannedFileDeletes} of {trackedFiles} synced files; confirm to continue");
        }

        return SafetyVerdict.Proceed;
    }

    /// <summary>Counts the plan's file deletes (local and uploaded; a move deletes nothing) and evaluates.</summary>
    public static SafetyVerdict Evaluate(
        bool rootExists, int trackedAtBase, int seenOnDisk, int trackedFiles, SyncPlan plan, SafetyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        int deletes = plan.Steps.Count(s => s.Action is SyncAction.DeleteLocal
            || (s.Action == SyncAction.UploadDelete && s.Remote is { IsDirectory: false }));
        return Evaluate(rootExists, trackedAtBase, seenOnDisk, trackedFiles, deletes, options);
    }
}
