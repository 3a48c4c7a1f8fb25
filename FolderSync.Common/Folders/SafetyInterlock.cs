using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Folders;

/// <summary>
/// After each full scan: a root that vanished or emptied while entries were synced (an unmounted disk)
/// halts the folder, visibly, instead of turning into a mass delete on the other side.
/// </summary>
internal sealed class SafetyInterlock(string folder, ILogger logger)
{
    public string? HaltReason { get; private set; }

    public bool ShouldHalt(LocalTree tree, StateStore store)
    {
        int tracked = (int)store.LiveCount;
        var verdict = SafetyCheck.Evaluate(!tree.RootMissing, tracked, tree.LastScanEntryCount);
        string? reason = verdict.Outcome == SafetyOutcome.Halt ? verdict.Reason : null;
        if (reason != HaltReason)
        {
            if (reason is null)
            {
                logger.LogInformation("{Folder}: resumed, the folder root is back", folder);
            }
            else
            {
                logger.LogError("{Folder}: halted, not propagating deletes: {Reason}", folder, reason);
            }
        }

        HaltReason = reason;
        return reason is not null;
    }
}
