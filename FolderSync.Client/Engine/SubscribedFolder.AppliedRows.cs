using FolderSync.Common.FaultInjection;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;

namespace FolderSync.Client.Engine;

/// <summary>
/// The state rows of a burst of applied downloads, committed in one transaction instead of one each
/// (docs/sync-model.md, durability: a file on disk whose row a crash lost is recognised by its hash at the next
/// start). Rows wait only while the very next work item is another received body, so every other step of the
/// loop, and the resume sequence, sees them committed.
/// </summary>
public sealed partial class SubscribedFolder
{
    private const int AppliedRowsLimit = 128;

    private readonly List<FileRecord> _appliedRows = [];

    /// <summary>Received bodies posted to the loop and not started yet; may lag behind the queue, never lead it.</summary>
    private int _bodiesQueued;

    private void CommitAppliedRowsAtBurstEnd()
    {
        int othersQueued = _queue.Pending - 1;
        if (_appliedRows.Count >= AppliedRowsLimit || othersQueued <= 0 || Volatile.Read(ref _bodiesQueued) < othersQueued)
        {
            CommitAppliedRows();
        }
    }

    /// <summary>A second version of a path in the same burst is decided against the first one's committed row.</summary>
    private void CommitAppliedRowsHolding(RelativePath path)
    {
        if (_appliedRows.Exists(r => r.Path == path))
        {
            CommitAppliedRows();
        }
    }

    private void CommitAppliedRows()
    {
        if (_appliedRows.Count == 0)
        {
            return;
        }

        var rows = _appliedRows.ToArray();
        _appliedRows.Clear();
        using (var batch = Store.BeginBatch())
        {
            foreach (var row in rows)
            {
                batch.Upsert(row);
                KillSwitch.Reach(KillPoints.BeforeStateCommit);
            }

            batch.Commit();
        }

        foreach (var row in rows)
        {
            BackfillChunks(row);
            KillSwitch.Reach(KillPoints.BeforeAck);
        }
    }
}
