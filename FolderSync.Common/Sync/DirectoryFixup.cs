using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>
/// Edit beats delete across a directory boundary. Per-path reconciliation cannot see that a deleted directory
/// still holds a kept or changed child; this pass keeps such directories instead of deleting them.
/// </summary>
internal static class DirectoryFixup
{
    public static void Apply(Dictionary<RelativePath, PathDecision> decisions, AccessMode mode)
    {
        var tree = new PathTree(decisions.Keys);
        foreach (var (path, decision) in decisions.ToList())
        {
            if (decision.Action == SyncAction.RemoveLocalDirectory
                && tree.Descendants(path).Any(child => KeepsLocalContent(decisions[child].Action)))
            {
                // The server removed the directory but something inside it survives locally.
                decisions[path] = mode == AccessMode.Full
                    ? new PathDecision(SyncAction.UploadCreate, "removed on the server but holds local changes; recreated there")
                    : new PathDecision(SyncAction.KeepLocalOnly, "removed on the server but holds local changes; kept local only");
            }
            else if (decision.Action == SyncAction.UploadDelete
                && tree.Descendants(path).Any(child => BringsRemoteContent(decisions[child].Action)))
            {
                // The client deleted the directory but the server changed something inside it.
                decisions[path] = new PathDecision(SyncAction.CreateLocalDirectory, "deleted locally but changed inside on the server; recreated");
            }
        }
    }

    private static bool KeepsLocalContent(SyncAction action) => action is SyncAction.Upload or SyncAction.UploadCreate
        or SyncAction.KeepLocalOnly or SyncAction.Conflict or SyncAction.Revert
        or SyncAction.Download or SyncAction.CreateLocalDirectory or SyncAction.Restore;

    private static bool BringsRemoteContent(SyncAction action) => action is SyncAction.Download
        or SyncAction.CreateLocalDirectory or SyncAction.Restore or SyncAction.Revert or SyncAction.Conflict;
}
