using FolderSync.Common.FaultInjection;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;

namespace FolderSync.Client.Engine;

/// <summary>
/// The rows of a burst of applied downloads, held until their files are durable: at most <see cref="Limit"/> wait for
/// one syncfs and one transaction, a full batch flushes off the loop (<see cref="AppliedRowsFlusher"/>). Part of the
/// <see cref="ChangeApplier"/>, the only writer of the table; runs on the folder loop.
/// </summary>
internal sealed class AppliedRows(StateStore store, FolderRoot root, AppliedRowsFlusher flusher, LocalChunkLists chunks)
{
    private const int Limit = 1024;

    private readonly Dictionary<RelativePath, FileRecord> _rows = [];

    public void Add(FileRecord row) => _rows[row.Path] = row;

    /// <inheritdoc cref="ChangeApplier.CommitAppliedRowsUnless"/>
    public void CommitUnless(bool burstContinues)
    {
        if (!burstContinues)
        {
            CommitAll();
            return;
        }

        CommitFlushed(wait: false);
        if (_rows.Count >= Limit)
        {
            CommitFlushed(wait: true);
            flusher.Start([.. _rows.Values]);
            _rows.Clear();
        }
    }

    /// <summary>Whether a row of the burst, flushing or not, records <paramref name="path"/>.</summary>
    public bool Holds(RelativePath path) => _rows.ContainsKey(path) || flusher.Rows.ContainsKey(path);

    /// <inheritdoc cref="ChangeApplier.SettleOwnWrites"/>
    public IReadOnlyList<RelativePath> SettleOwnWrites(IReadOnlyList<RelativePath> changed)
    {
        if (_rows.Count == 0 && flusher.Rows.Count == 0)
        {
            return changed;
        }

        var rest = new List<RelativePath>(changed.Count);
        bool commit = false;
        foreach (var path in changed)
        {
            if (_rows.TryGetValue(path, out var row) || flusher.Rows.TryGetValue(path, out row))
            {
                if (ChangeApplier.AsRecorded(row).Matches(root.Stat(path)))
                {
                    continue;
                }

                commit = true;
            }
            else
            {
                commit = commit || _rows.Keys.Concat(flusher.Rows.Keys).Any(p => p.IsSameOrUnder(path));
            }

            rest.Add(path);
        }

        if (commit)
        {
            CommitAll();
        }

        return rest;
    }

    /// <inheritdoc cref="ChangeApplier.CommitAppliedRows"/>
    public void CommitAll()
    {
        CommitFlushed(wait: true);
        if (_rows.Count == 0)
        {
            return;
        }

        var rows = _rows.Values.ToArray();
        _rows.Clear();
        if (flusher.FlushNow(rows.Length))
        {
            Commit(rows);
        }
    }

    /// <summary>Commits the batch the flusher made durable; <paramref name="wait"/> false leaves one still flushing in flight.</summary>
    private void CommitFlushed(bool wait)
    {
        if (flusher.TakeFlushed(wait) is { } rows)
        {
            Commit(rows);
        }
    }

    /// <summary>Rows whose files are durable: one transaction.</summary>
    private void Commit(FileRecord[] rows)
    {
        KillSwitch.Reach(KillPoints.AfterFlush);
        using (var batch = store.BeginBatch())
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
            chunks.Backfill(row);
            KillSwitch.Reach(KillPoints.BeforeAck);
        }
    }
}
