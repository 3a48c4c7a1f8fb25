using FolderSync.Common.FaultInjection;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// The only writer of the client's state table (<c>file_state</c> and the meta keys; <see cref="LocalChunkLists"/> keeps the
/// chunk lists of synced versions):
/// each change is made on disk first and its row written after, so a row never claims content the disk does not hold
/// (a crash in between leaves a file the next scan recognises by its hash). What it applies from the server, and what
/// stays local, goes to the daemon's <see cref="ActivityLog"/>. Runs on the folder loop; at start and at stop, when
/// that loop is not running, on the caller's thread.
/// </summary>
internal sealed class ChangeApplier
{
    private readonly StateStore _store;
    private readonly FolderRoot _root;
    private readonly Trash _trash;
    private readonly string _clientId;
    private readonly ILogger _logger;
    private readonly ActivityRecorder _activity;
    private readonly AppliedRows _appliedRows;

    /// <param name="syncData">Makes every write to the folder's file system durable (syncfs); runs before rows that claim them commit.</param>
    /// <param name="activity">Where the changes are told (by default a log of the applier's own).</param>
    public ChangeApplier(StateStore store, FolderRoot root, Trash trash, string clientId, WorkQueue queue, ILogger logger, Action? syncData = null, ActivityRecorder? activity = null)
    {
        _activity = activity ?? new ActivityLog().For(string.Empty);
        _store = store;
        _root = root;
        _trash = trash;
        _clientId = clientId;
        _logger = logger;
        Chunks = new LocalChunkLists(store, root, queue, logger);
        _appliedRows = new AppliedRows(store, root, new AppliedRowsFlusher(syncData ?? root.SyncFileSystem, logger), Chunks);
    }

    /// <summary>The chunk lists of synced large versions: the bases of delta uploads.</summary>
    public LocalChunkLists Chunks { get; }

    /// <summary>Records what a scan found on disk; the base columns stay as they are until the server agrees.</summary>
    public void RecordLocal(IReadOnlyList<LocalChange> changes)
    {
        using var batch = _store.BeginBatch();
        foreach (var change in changes)
        {
            if (change.Now is { } now)
            {
                batch.Upsert(change.Before is null
                    ? new FileRecord(change.Path, now.Kind, now.Size, now.MtimeNs, now.Inode, now.Sha256, _clientId, 0, false, null, false) { Mode = now.Mode }
                    : change.Before with
                    {
                        Kind = now.Kind,
                        Size = now.Size,
                        MtimeNs = now.MtimeNs,
                        Inode = now.Inode,
                        Sha256 = now.Sha256,
                        Deleted = false,
                        Origin = change.MetadataOnly ? change.Before.Origin : _clientId,
                        Mode = now.Mode ?? change.Before.Mode,
                    });
            }
            else if (change.Before!.BaseSha256 is null)
            {
                batch.Delete(change.Path);
            }
            else
            {
                batch.Upsert(change.Before with { Deleted = true });
            }
        }

        batch.Commit();
    }

    /// <summary>
    /// Renames the server's verified version over what <paramref name="record"/> says is here. Its row joins the
    /// burst's, committed after one syncfs for the whole burst (docs/sync-model.md, durability): a row never claims
    /// content a power cut can take back, and a file the table does not know yet is recognised by its hash at the next scan.
    /// </summary>
    /// <exception cref="TargetChangedException">A local edit came first; nothing was replaced.</exception>
    public void ApplyFile(RelativePath path, FileUpdateMessage update, AtomicFileWriter temp, FileRecord? record)
    {
        var expectation = record is { Deleted: false, Kind: EntryKind.File } ? AsRecorded(record) : ExpectedTarget.Absent;
        if (update.Mode is { } mode)
        {
            temp.SetMode(mode);
        }

        var status = temp.Commit(update.Sha256, update.MtimeNs, expectation, durable: false, trash: expectation == ExpectedTarget.Absent ? null : _trash);
        KillSwitch.Reach(KillPoints.AfterRename);
        _appliedRows.Add(new FileRecord(path, EntryKind.File, status.Size, status.MtimeNs, status.Inode, update.Sha256,
            update.Origin ?? FileRecord.ServerOrigin, update.Sequence, false, update.Sha256, false)
        {
            Mode = FileModes.Of(status.Mode),
            BaseMode = update.Mode,
        });
        _activity.Record(expectation == ExpectedTarget.Absent ? ActivityKind.Create : ActivityKind.Edit, ActivityDirection.Down, path, status.Size, update.Origin ?? FileRecord.ServerOrigin);
    }

    /// <summary>
    /// Commits the rows of applied downloads unless the burst goes on (no work that ends it is queued, see
    /// <see cref="WorkQueue.OtherWorkQueued"/>), so every other step of the loop, and the resume sequence, sees them committed.
    /// Inside a burst a full batch is made durable by <see cref="AppliedRowsFlusher"/> off the loop while the loop applies the next one.
    /// </summary>
    public void CommitAppliedRowsUnless(bool burstContinues) => _appliedRows.CommitUnless(burstContinues);

    /// <summary>A second version of a path in the same burst is decided against the first one's committed row.</summary>
    public void CommitAppliedRowsHolding(RelativePath path)
    {
        if (_appliedRows.Holds(path))
        {
            CommitAppliedRows();
        }
    }

    /// <summary>
    /// The watcher's report of <paramref name="changed"/> paths, some of them the echoes of downloads whose rows still
    /// wait for their syncfs: a path whose disk status is what its pending row says is dropped (scanned after the
    /// commit it would be unchanged), so a burst is not cut into a syncfs per watcher batch. When a path left to scan
    /// is, or holds, a pending row (a local edit after our write, a new directory), the rows are committed first.
    /// </summary>
    /// <returns>The paths still to scan.</returns>
    public IReadOnlyList<RelativePath> SettleOwnWrites(IReadOnlyList<RelativePath> changed) => _appliedRows.SettleOwnWrites(changed);

    /// <summary>Makes every applied download durable (the batch in flight first, then one syncfs for the rest), then commits their rows.</summary>
    public void CommitAppliedRows() => _appliedRows.CommitAll();

    /// <summary>The server's directory, replacing the file <paramref name="record"/> describes (kept in trash).</summary>
    public void CreateDirectory(RelativePath path, FileRecord? record)
    {
        if (record is { Deleted: false, Kind: EntryKind.File })
        {
            _root.DeleteFile(path, AsRecorded(record), _trash);
        }

        _root.CreateDirectory(path);
        var status = _root.Stat(path)!.Value;
        _store.Upsert(new FileRecord(path, EntryKind.Directory, 0, status.MtimeNs, status.Inode, string.Empty, FileRecord.ServerOrigin, 0, false, string.Empty, false));
        _activity.Record(ActivityKind.Dir, ActivityDirection.Down, path, 0, FileRecord.ServerOrigin);
    }

    /// <summary>Deleted on the server: the local copy goes to trash.</summary>
    /// <exception cref="TargetChangedException">The file changed since it was scanned; it stays.</exception>
    public void DeleteFile(RelativePath path, FileRecord record)
    {
        _root.DeleteFile(path, AsRecorded(record), _trash);
        _store.Delete(path);
        _activity.Record(ActivityKind.Delete, ActivityDirection.Down, path, record.Size, FileRecord.ServerOrigin);
    }

    /// <summary>Removed on the server; a directory that still holds local-only content stays, as local-only itself.</summary>
    public void RemoveDirectory(RelativePath path)
    {
        try
        {
            _root.RemoveDirectory(path);
            _store.Delete(path);
            _activity.Record(ActivityKind.Delete, ActivityDirection.Down, path, 0, FileRecord.ServerOrigin);
        }
        catch (IOException ex)
        {
            _logger.LogInformation("Kept directory {Path} removed on the server: {Error}", path, ex.Message);
            if (_store.Get(path) is { } record)
            {
                _store.Upsert(record with { BaseSha256 = null, LocalOnly = true });
            }
        }
    }

    /// <summary>The server's move of <paramref name="record"/> and the rows under it (<paramref name="moved"/>) as one rename.</summary>
    public void Move(RelativePath from, RelativePath to, FileRecord record, List<FileRecord> moved, long sequence)
    {
        var status = _root.Move(from, to, record.Kind == EntryKind.Directory ? ExpectedTarget.Directory : AsRecorded(record));
        using var batch = _store.BeginBatch();
        foreach (var r in moved)
        {
            batch.Delete(r.Path);
            var rebased = r with { Path = r.Path.Rebase(from, to), Sequence = sequence };
            batch.Upsert(r.Path == from ? rebased with { Inode = status.Inode, MtimeNs = status.MtimeNs } : rebased);
        }

        batch.Commit();
        _activity.Record(ActivityKind.Move, ActivityDirection.Down, from, record.Size, FileRecord.ServerOrigin, to);
    }

    /// <summary>
    /// Gives the local file the server's mode (a chmod through its descriptor, checked against the row: same inode, no
    /// body) and records it as both the disk's mode and the base.
    /// </summary>
    /// <exception cref="TargetChangedException">The file changed since it was scanned; its mode is left alone.</exception>
    public void ApplyMode(FileRecord record, int mode, long? sequence)
    {
        var status = record.Mode == mode ? (FileStatus?)null : _root.SetMode(record.Path, mode, AsRecorded(record));
        _store.Upsert(record with
        {
            Mode = status is { } s ? FileModes.Of(s.Mode) : mode,
            BaseMode = mode,
            Sequence = sequence ?? record.Sequence,
        });
        _activity.Record(ActivityKind.Mode, sequence is null ? ActivityDirection.Local : ActivityDirection.Down, record.Path, record.Size, sequence is null ? _clientId : FileRecord.ServerOrigin);
    }

    /// <summary>
    /// A local rename the watcher paired and the scan confirmed (<paramref name="now"/>), recorded as what it is until
    /// the server takes it: a delete of each synced row at the old path (a tombstone over its base) and a create at
    /// the new one. A stop, a lost connection or a refusal before the ACK thus leaves rows that resend it as a delete
    /// and a create, which is right whether or not the server applied the move.
    /// </summary>
    public void RecordLocalMove(RelativePath from, RelativePath to, List<FileRecord> moved, ScannedEntry now)
    {
        using var batch = _store.BeginBatch();
        foreach (var r in moved)
        {
            if (r.BaseSha256 is null || r.LocalOnly)
            {
                batch.Delete(r.Path);
            }
            else if (!r.Deleted)
            {
                batch.Upsert(r with { Deleted = true });
            }

            var rebased = r with { Path = r.Path.Rebase(from, to), BaseSha256 = r.LocalOnly ? r.BaseSha256 : null, Sequence = 0 };
            batch.Upsert(r.Path == from ? rebased with { Inode = now.Inode, MtimeNs = now.MtimeNs } : rebased);
        }

        batch.Commit();
    }

    /// <summary>
    /// The server moved its copy at <paramref name="sequence"/>: each tombstone at the old path hands its base to the
    /// row at the new one (a row deleted here meanwhile becomes a tombstone there), and goes. A path recreated at the
    /// old place meanwhile is a create now.
    /// </summary>
    /// <returns>The paths whose rows still differ from their base, to reconcile.</returns>
    public List<RelativePath> ConfirmLocalMove(RelativePath from, RelativePath to, long sequence)
    {
        var reconcile = new List<RelativePath>();
        using (var batch = _store.BeginBatch())
        {
            foreach (var old in _store.GetUnder(from).Prepend(_store.Get(from)).OfType<FileRecord>())
            {
                if (old.LocalOnly || old.BaseSha256 is not { } synced)
                {
                    continue;
                }

                if (!old.Deleted)
                {
                    batch.Upsert(old with { BaseSha256 = null, Sequence = 0 });
                    reconcile.Add(old.Path);
                    continue;
                }

                var path = old.Path.Rebase(from, to);
                batch.Delete(old.Path);
                batch.Upsert((_store.Get(path) ?? old with { Path = path }) with { BaseSha256 = synced, Sequence = path == to ? sequence : old.Sequence });
            }

            batch.Commit();
        }

        reconcile.AddRange(_store.GetUnder(to).Prepend(_store.Get(to)).OfType<FileRecord>()
            .Where(r => !r.LocalOnly && (r.Deleted || r.BaseSha256 is null || r.Sha256 != r.BaseSha256)).Select(r => r.Path));
        return reconcile;
    }

    /// <summary>Local and remote agree: <paramref name="remote"/> becomes the base (a path gone on both sides, no row).</summary>
    public void RecordBase(FileRecord record, EntryState? remote)
    {
        if (remote is null && record.Deleted)
        {
            _store.Delete(record.Path);
            return;
        }

        _store.Upsert(record with { BaseSha256 = remote?.Sha256, LocalOnly = false });
    }

    /// <summary>A local create the access mode (or the server) keeps off the server: <c>status</c> lists it.</summary>
    public void KeepLocalOnly(FileRecord record)
    {
        _store.Upsert(record with { LocalOnly = true });
        _activity.Record(record.Kind == EntryKind.Directory ? ActivityKind.Dir : ActivityKind.Create, ActivityDirection.Local, record.Path, record.Size, _clientId);
    }

    /// <summary>
    /// The server took our change at <paramref name="sequence"/>: what was sent becomes the base of the path. A new file
    /// deleted here while its upload was in flight (its row went with it) is now on the server, so it returns as a
    /// tombstone over that base and the delete goes there too.
    /// </summary>
    /// <returns>The path's row as it was before this (or the tombstone): what to compare with what was sent.</returns>
    public FileRecord? RecordAccepted(RelativePath path, FileRecord? record, PendingUpload sent, long sequence)
    {
        if (sent.IsDelete)
        {
            if (record is { Deleted: true })
            {
                _store.Delete(path);
            }
        }
        else if (record is not null)
        {
            _store.Upsert(record with { BaseSha256 = sent.Sha256, Sequence = sequence, LocalOnly = false, BaseMode = sent.Mode ?? record.BaseMode });
            if (record.Sha256 == sent.Sha256)
            {
                Chunks.Backfill(record);
            }
        }
        else
        {
            var kind = sent.Sha256.Length == 0 ? EntryKind.Directory : EntryKind.File;
            record = new FileRecord(path, kind, 0, 0, 0, sent.Sha256, _clientId, sequence, true, sent.Sha256, false);
            _store.Upsert(record);
        }

        return record;
    }

    /// <summary>The server accepted our change of <paramref name="path"/> (the ACK path): the activity log's <c>up</c>.</summary>
    public void RecordSent(ActivityKind kind, RelativePath path, long size, RelativePath? to = null) =>
        _activity.Record(kind, ActivityDirection.Up, path, size, _clientId, to);

    /// <summary>Moves the resume point forward; the rows that cover it are committed first.</summary>
    public void AdvanceLastSequence(long sequence)
    {
        if (sequence > _store.GetMetaLong(MetaKeys.LastSequence))
        {
            CommitAppliedRows();
            _store.SetMeta(MetaKeys.LastSequence, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public void PinServerFingerprint(string fingerprint) => _store.SetMeta(MetaKeys.ServerFingerprint, fingerprint);

    /// <summary>The file as the row last saw it: any other size, mtime or inode is a change not yet looked at.</summary>
    internal static ExpectedTarget AsRecorded(FileRecord record) => ExpectedTarget.Existing(record.Size, record.MtimeNs, record.Inode);
}
