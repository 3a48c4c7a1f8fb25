using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>The whole client-side pipeline: reconcile every path, keep directories that hold surviving content, pair moves, order.</summary>
public static class SyncPlanner
{
    public static SyncPlan Plan(SyncSnapshot snapshot, AccessMode mode)
    {
        var decisions = new Dictionary<RelativePath, PathDecision>();
        foreach (var path in snapshot.AllPaths())
        {
            var decision = Reconciler.Reconcile(snapshot.BaseAt(path), snapshot.LocalAt(path), snapshot.RemoteAt(path), mode);
            if (decision.Action != SyncAction.None)
            {
                decisions[path] = decision;
            }
        }

        DirectoryFixup.Apply(decisions, mode);
        return MovePairing.Pair(decisions, snapshot, mode);
    }
}
