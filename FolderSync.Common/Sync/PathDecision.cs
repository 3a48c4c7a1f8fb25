namespace FolderSync.Common.Sync;

/// <summary>The reconciler's answer for one path; <see cref="Reason"/> explains conflicts and refusals.</summary>
public sealed record PathDecision(SyncAction Action, string? Reason = null)
{
    public static readonly PathDecision Nothing = new(SyncAction.None);
}
