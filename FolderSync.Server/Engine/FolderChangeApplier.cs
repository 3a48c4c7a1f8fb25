using FolderSync.Common.Delta;
using FolderSync.Common.FaultInjection;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Server.History;

namespace FolderSync.Server.Engine;

/// <summary>
/// The only writer of the folder's state (rows, tombstones, sequence numbers, chunk lists). A client's change is
/// done on disk first and recorded after, in one transaction, so a row never describes what the disk does not
/// hold; a change of the server's own is recorded once the scan has seen it on disk. Every version it records also
/// goes to the folder's history (read off the loop by <see cref="HistoryRecorder"/>) and each change to the daemon's
/// <see cref="ActivityLog"/>. Runs on the folder loop.
/// </summary>
internal sealed class FolderChangeApplier(StateStore store, FolderRoot root, Trash trash, FileProblems problems, HistoryRecorder history, ConflictRegistry conflicts, ActivityRecorder activity)
{
    /// <summary>Renames a verified upload over <paramref name="target"/>, if that still holds <paramref name="current"/>.</summary>
    /// <param name="mode">The permission bits the file gets (before the rename); null keeps the temp file's 0644.</param>
    /// <param name="note">Why the version exists beyond a plain edit, for its history row (a conflict loser).</param>
    public FileRecord CommitUpload(AtomicFileWriter temp, RelativePath target, string sha256, long mtimeNs, FileRecord? current, string origin, int? mode = null, string? note = null)
    {
        if (mode is { } bits)
        {
            temp.SetMode(bits);
        }

        var status = temp.CommitAs(target, sha256, mtimeNs, Expect(current), trash: trash);
        KillSwitch.Reach(KillPoints.AfterRename);
        var record = Record(target, EntryKind.File, status, sha256, origin, beforeCommit: () => KillSwitch.Reach(KillPoints.BeforeStateCommit));
        History(record, note);
        Activity(note is null ? KindOf(current) : ActivityKind.Conflict, record);
        return record;
    }

    /// <summary>Writes content the server made (a merge, a restore) over <paramref name="current"/>; the bytes go to history as they are.</summary>
    public FileRecord CommitContent(RelativePath target, byte[] content, long mtimeNs, FileRecord? current, string origin, string note)
    {
        string sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        FileStatus status;
        using (var writer = root.BeginWrite(target))
        {
            writer.Write(content);
            status = writer.Commit(sha256, mtimeNs, Expect(current), trash: trash);
        }

        var record = Record(target, EntryKind.File, status, sha256, origin);
        history.Content(target, record.Sequence, sha256, origin, content, note);
        Activity(note == "merged" ? ActivityKind.Merge : KindOf(current), record);
        return record;
    }

    /// <summary>Copies the server's version of a file to a new path (the loser of a conflict).</summary>
    public FileRecord CopyFile(FileRecord source, RelativePath target)
    {
        using var writer = root.BeginWrite(target);
        if (source.Mode is { } mode)
        {
            writer.SetMode(mode);
        }

        using (var input = root.OpenRead(source.Path))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                writer.Write(buffer.AsSpan(0, read));
            }
        }

        var status = writer.Commit(source.Sha256, source.MtimeNs, ExpectedTarget.Absent);
        var record = Record(target, EntryKind.File, status, source.Sha256, source.Origin);
        History(record, $"conflict loser of {source.Path}");
        Activity(ActivityKind.Conflict, record);
        return record;
    }

    public FileRecord CreateDirectory(RelativePath path, string origin)
    {
        root.CreateDirectory(path);
        return Activity(ActivityKind.Dir, Record(path, EntryKind.Directory, root.Stat(path)!.Value, string.Empty, origin));
    }

    /// <summary>Deletes <paramref name="current"/> (a directory with all beneath it) into the trash; one sequence for all tombstones.</summary>
    public long Delete(RelativePath path, FileRecord current, string origin)
    {
        if (current.Kind == EntryKind.Directory)
        {
            root.RemoveTree(path, trash);
        }
        else
        {
            root.DeleteFile(path, ExpectedTarget.Existing(current.Size, current.MtimeNs, current.Inode), trash);
        }

        long sequence;
        using (var batch = store.BeginBatch())
        {
            sequence = batch.NextSequence();
            foreach (var record in store.GetUnder(path).Where(r => !r.Deleted).Prepend(current))
            {
                var tombstone = record with { Deleted = true, Sequence = sequence, Origin = origin };
                batch.Upsert(tombstone);
                History(tombstone, null);
            }

            batch.Commit();
        }

        problems.Clear(path);
        Activity(ActivityKind.Delete, current with { Origin = origin });
        return sequence;
    }

    /// <summary>Renames <paramref name="source"/> (a directory with all beneath it); one sequence for the tombstones and the new rows.</summary>
    public long Move(RelativePath from, RelativePath to, FileRecord source, string origin)
    {
        var status = root.Move(from, to, source.Kind == EntryKind.Directory
            ? ExpectedTarget.Directory
            : ExpectedTarget.Existing(source.Size, source.MtimeNs, source.Inode));
        long sequence;
        using (var batch = store.BeginBatch())
        {
            sequence = batch.NextSequence();
            foreach (var record in store.GetUnder(from).Where(r => !r.Deleted).Prepend(source))
            {
                batch.Upsert(record with { Deleted = true, Sequence = sequence });
                var moved = record with { Path = record.Path.Rebase(from, to), Sequence = sequence, Origin = origin };
                moved = record.Path == from ? moved with { Inode = status.Inode, MtimeNs = status.MtimeNs } : moved;
                batch.Upsert(moved);
                HistoryOfMove(record, moved);
            }

            batch.Commit();
        }

        problems.Clear(to);
        Activity(ActivityKind.Move, source with { Origin = origin }, to);
        return sequence;
    }

    /// <summary>
    /// A client's chmod of <paramref name="current"/>, checked against the file as recorded (a metadata-only change:
    /// same inode, no body); the new mode gets the next sequence number.
    /// </summary>
    public FileRecord SetMode(FileRecord current, int mode, string origin)
    {
        var status = root.SetMode(current.Path, mode, ExpectedTarget.Existing(current.Size, current.MtimeNs, current.Inode));
        using var batch = store.BeginBatch();
        var record = current with { Mode = FileModes.Of(status.Mode), Sequence = batch.NextSequence(), Origin = origin };
        batch.Upsert(record);
        batch.Commit();
        problems.Clear(current.Path);
        return Activity(ActivityKind.Mode, record);
    }

    /// <summary>
    /// Records what a scan found on disk, in one transaction: each change but a metadata-only one gets the next
    /// sequence number, and a large file its new chunk list when <paramref name="chunked"/> has one. A chmod is
    /// sequenced (clients apply it as FILE_MODE); so is the first mode seen of a row from before modes travelled,
    /// unless it is the 0644 every synced file had then.
    /// </summary>
    /// <returns>The sequenced rows (tombstones for what is gone), in the order of <paramref name="changes"/>.</returns>
    public List<FileRecord> RecordScan(IReadOnlyList<LocalChange> changes, Dictionary<RelativePath, (ChunkList Chunks, DeltaPlan? Plan)> chunked)
    {
        var recorded = new List<FileRecord>(changes.Count);
        using var batch = store.BeginBatch();
        foreach (var change in changes)
        {
            if (change.MetadataOnly)
            {
                var metadata = change.Before! with { Size = change.Now!.Size, MtimeNs = change.Now.MtimeNs, Inode = change.Now.Inode, Mode = change.Now.Mode ?? change.Before.Mode };
                if (change.ModeChanged || (change.Before.Mode is null && change.Now.Mode is { } first && first != FileModes.Default))
                {
                    metadata = metadata with { Sequence = batch.NextSequence(), Origin = FileRecord.ServerOrigin };
                    recorded.Add(Activity(ActivityKind.Mode, metadata));
                }

                batch.Upsert(metadata);
                continue;
            }

            long sequence = batch.NextSequence();
            var record = change.Now is { } now
                ? new FileRecord(change.Path, now.Kind, now.Size, now.MtimeNs, now.Inode, now.Sha256, FileRecord.ServerOrigin, sequence, false, null, false) { Mode = now.Mode }
                : change.Before! with { Deleted = true, Sequence = sequence, Origin = FileRecord.ServerOrigin };
            batch.Upsert(record);
            History(record, null);
            if (chunked.TryGetValue(change.Path, out var large))
            {
                batch.PutChunks(change.Path, large.Chunks);
            }

            recorded.Add(Activity(change.Now is null ? ActivityKind.Delete : record.Kind == EntryKind.Directory ? ActivityKind.Dir : KindOf(change.Before), record));
        }

        batch.Commit();
        return recorded;
    }

    /// <summary>Records a rename the server's watcher saw, <paramref name="now"/> being the destination as scanned.</summary>
    public long RecordMove(RelativePath from, RelativePath to, FileRecord before, ScannedEntry now)
    {
        using var batch = store.BeginBatch();
        long sequence = batch.NextSequence();
        var moved = before.Kind == EntryKind.Directory ? store.GetUnder(from).Where(r => !r.Deleted).Prepend(before) : [before];
        foreach (var record in moved)
        {
            batch.Upsert(record with { Deleted = true, Sequence = sequence });
            var target = record.Path.Rebase(from, to);
            var after = record.Path == from
                ? record with { Path = target, Size = now.Size, MtimeNs = now.MtimeNs, Inode = now.Inode, Sequence = sequence, Origin = FileRecord.ServerOrigin }
                : record with { Path = target, Sequence = sequence };
            batch.Upsert(after);
            HistoryOfMove(record, after);
        }

        batch.Commit();
        Activity(ActivityKind.Move, before with { Origin = FileRecord.ServerOrigin }, to);
        return sequence;
    }

    /// <summary>Keeps a backfilled chunk list only while its version is still the recorded one.</summary>
    public void RecordChunks(FileRecord version, ChunkList chunks)
    {
        if (store.Get(version.Path) is { Deleted: false, Kind: EntryKind.File } current && current.Sha256 == version.Sha256)
        {
            store.PutChunks(version.Path, chunks);
        }
    }

    private static ActivityKind KindOf(FileRecord? before) => before is { Deleted: false } ? ActivityKind.Edit : ActivityKind.Create;

    /// <summary>One entry in the activity log: a client's change comes in, the server's own is the host's.</summary>
    private FileRecord Activity(ActivityKind kind, FileRecord record, RelativePath? to = null)
    {
        activity.Record(kind, record.Origin == FileRecord.ServerOrigin ? ActivityDirection.Host : ActivityDirection.In, record.Path, record.Size, record.Origin, to);
        return record;
    }

    private static ExpectedTarget Expect(FileRecord? current) => current is { Deleted: false, Kind: EntryKind.File }
        ? ExpectedTarget.Existing(current.Size, current.MtimeNs, current.Inode)
        : ExpectedTarget.Absent;

    /// <summary>A file's new row in history: its content as the disk holds it, or its delete. A conflict copy deleted closes its conflict.</summary>
    private void History(FileRecord record, string? note)
    {
        if (record.Kind != EntryKind.File)
        {
            return;
        }

        if (!record.Deleted)
        {
            history.Content(record.Path, record.Sequence, record.Size, record.Sha256, record.Origin, new FileStatus(NodeKind.File, record.Size, record.MtimeNs, record.Inode, 0), note);
            return;
        }

        history.Deleted(record.Path, record.Sequence, record.Size, record.Sha256, record.Origin, note);
        if (ConflictNames.IsConflictCopy(record.Path))
        {
            conflicts.Close(record.Path.Value);
        }
    }

    /// <summary>A move in history: a delete at the old path and the same content at the new one, each naming the other.</summary>
    private void HistoryOfMove(FileRecord before, FileRecord moved)
    {
        History(before with { Deleted = true, Sequence = moved.Sequence, Origin = moved.Origin }, $"moved to {moved.Path}");
        History(moved, $"moved from {before.Path}");
    }

    /// <param name="beforeCommit">Runs inside the open transaction (the fault-injection seam for client uploads).</param>
    private FileRecord Record(RelativePath path, EntryKind kind, FileStatus status, string sha256, string origin, Action? beforeCommit = null)
    {
        using var batch = store.BeginBatch();
        var record = new FileRecord(path, kind, status.Size, status.MtimeNs, status.Inode, sha256, origin, batch.NextSequence(), false, null, false)
        {
            Mode = kind == EntryKind.File ? FileModes.Of(status.Mode) : null,
        };
        batch.Upsert(record);
        beforeCommit?.Invoke();
        batch.Commit();
        problems.Clear(path);
        return record;
    }
}
