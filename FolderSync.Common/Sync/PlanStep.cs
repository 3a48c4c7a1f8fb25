using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>
/// One action of a plan, with the states it was decided on so the applier can verify before acting.
/// For <see cref="SyncAction.UploadMove"/>, <see cref="From"/> is the old path and <see cref="Path"/> the new one;
/// <see cref="Base"/> and <see cref="Remote"/> then describe the old path, <see cref="Local"/> the new one.
/// </summary>
public sealed record PlanStep(
    SyncAction Action,
    RelativePath Path,
    EntryState? Base,
    EntryState? Local,
    EntryState? Remote,
    string? Reason = null,
    RelativePath? From = null)
{
    /// <summary>The entry this step leaves behind: the remote for actions applied on disk, the local for uploads.</summary>
    public EntryState? Target => Action switch
    {
        SyncAction.Download or SyncAction.CreateLocalDirectory or SyncAction.Restore or SyncAction.Revert => Remote,
        SyncAction.DeleteLocal or SyncAction.RemoveLocalDirectory or SyncAction.UploadDelete => null,
        _ => Local,
    };

    public bool IsRemoval => Action is SyncAction.DeleteLocal or SyncAction.RemoveLocalDirectory or SyncAction.UploadDelete;

    public override string ToString() =>
        From is { } from ? $"{Action} {from} -> {Path}" : $"{Action} {Path}";
}
