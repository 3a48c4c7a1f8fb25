using FolderSync.Common.State;

namespace FolderSync.Client.Engine;

/// <summary>
/// The last sequence the client has applied, where HELLO resumes. It moves only when everything up to it is on disk:
/// after the index is reconciled and every download it asked for has arrived (or failed for a retry: a restart must
/// ask for it again). A crash before that repeats work, never skips it. Runs on the folder loop; HELLO reads it on the
/// connection loop.
/// </summary>
internal sealed class ResumePoint(StateStore store, ClientSession session, ProblemRetries problems, ChangeApplier applier)
{
    private long _indexSequence;
    private long _maxSequence;
    private volatile bool _fullIndexWanted;

    /// <summary>Set at start: HELLO asks for a full index until one is reconciled (<see cref="LocalScans.ScanAtStartAsync"/> says why).</summary>
    public void WantFullIndex(bool wanted) => _fullIndexWanted = wanted;

    /// <summary>Where HELLO asks to resume: 0 (a full index) until unknown files on disk have been compared with it.</summary>
    public long HelloSequence() => _fullIndexWanted ? 0 : store.GetMetaLong(MetaKeys.LastSequence);

    /// <summary>A new connection: its changes are counted afresh.</summary>
    public void Restart() => _maxSequence = 0;

    public void IndexReconciled(long sequence, bool fullIndex)
    {
        _indexSequence = sequence;
        _fullIndexWanted &= !fullIndex;
    }

    /// <summary>A change at <paramref name="sequence"/> is applied (or decided): the resume point may pass it.</summary>
    public void Note(long sequence)
    {
        _maxSequence = Math.Max(_maxSequence, sequence);
        Persist();
    }

    public void Persist()
    {
        if (!session.IndexComplete || session.Downloads.Count > 0 || problems.AnyDownload)
        {
            return;
        }

        applier.AdvanceLastSequence(Math.Max(_maxSequence, _indexSequence));
    }
}
