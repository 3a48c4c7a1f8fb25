namespace FolderSync.Common.Sync;

/// <summary>
/// The interlock checked after every full scan. A vanished or suddenly empty root is far more often an
/// unmounted disk than a user's intent, so it halts instead of propagating thousands of deletes.
/// </summary>
public static class SafetyCheck
{
    /// <param name="rootExists">Whether the synced folder's root directory exists on disk.</param>
    /// <param name="trackedAtBase">Entries (files and directories) the state table tracks as synced.</param>
    /// <param name="seenOnDisk">Entries the scan found on disk now.</param>
    public static SafetyVerdict Evaluate(bool rootExists, int trackedAtBase, int seenOnDisk, SafetyOptions? options = null)
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

        return SafetyVerdict.Proceed;
    }
}
