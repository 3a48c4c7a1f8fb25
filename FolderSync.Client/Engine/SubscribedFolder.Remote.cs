using System.Collections.Concurrent;
using FolderSync.Common.FaultInjection;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Transfer;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>What the server sends: the index, pushed changes, and the answers to our uploads.</summary>
public sealed partial class SubscribedFolder
{
    private const int UnsyncedWritesLimit = 256;

    private int _unsyncedWrites;
    private FileSystemFlusher? _flusher;

    private const int ReceiveAhead = 16;

    private readonly SemaphoreSlim _receiveAhead = new(ReceiveAhead);
    private readonly ConcurrentDictionary<AtomicFileWriter, byte> _receivedTemps = new();

    /// <summary>Reconciles every path the index names (and, for a full index, every path we know) in one pass.</summary>
    private void OnIndexEnd(long sequence)
    {
        var remote = new Dictionary<RelativePath, EntryState?>();
        foreach (var entry in _index ?? [])
        {
            remote[entry.ParsePath()] = entry.Deleted ? null : new EntryState(entry.Kind, entry.Sha256, entry.Size, entry.MtimeNs);
        }

        _index = null;
        foreach (var (path, state) in remote)
        {
            _remoteHints[path] = state;
        }

        // A full index names everything the server has: the rest is gone there. A delta names only what
        // changed there; what changed here while we were away is reconciled against the base.
        var paths = remote.Keys.ToHashSet();
        foreach (var record in _fullIndex ? Store.GetAll() : Store.GetDirty())
        {
            if (paths.Add(record.Path) && _fullIndex)
            {
                _remoteHints[record.Path] = null;
            }
        }

        _indexComplete = true;
        _indexSequence = sequence;
        _fullIndexWanted &= !_fullIndex;
        var removals = new List<RelativePath>();
        foreach (var path in paths.Order())
        {
            var decision = Decide(path, out _, out _);
            if (decision.Action is SyncAction.DeleteLocal or SyncAction.RemoveLocalDirectory)
            {
                removals.Add(path);
            }
            else
            {
                Reconcile(path);
            }
        }

        foreach (var path in Enumerable.Reverse(removals))
        {
            Reconcile(path);
        }

        _progress.Begin(_downloads.Count, _downloads.Sum(p => remote.GetValueOrDefault(p)?.Size ?? 0));
        _logger.LogInformation("Index of {Count} entries reconciled over {Paths} paths: {Downloads} downloads and {Uploads} uploads pending", remote.Count, paths.Count, _downloads.Count, _uploads.Count);
        PersistSequence();
    }

    /// <summary>Where HELLO asks to resume: 0 (a full index) until unknown files on disk have been compared with it.</summary>
    private long ResumeSequence() => _fullIndexWanted ? 0 : Store.GetMetaLong(MetaKeys.LastSequence);

    /// <summary>
    /// Reads the next body while the loop commits the ones before it, so the network and the disk (an fsync
    /// per file) overlap. At most <see cref="ReceiveAhead"/> filled temp files wait for the loop: bounded handles.
    /// </summary>
    private async Task ReceiveFileAsync(PeerLink link, FileUpdateMessage update, CancellationToken cancellationToken)
    {
        await _receiveAhead.WaitAsync(cancellationToken);
        AtomicFileWriter? temp;
        IOException? failure;
        try
        {
            (temp, failure) = await BodyReceiver.ReceiveAsync(link.Reader, Root, update, _logger, cancellationToken);
        }
        catch
        {
            _receiveAhead.Release();
            throw;
        }

        if (temp is not null)
        {
            _receivedTemps.TryAdd(temp, 0);
        }

        var applied = _queue.Post(() =>
        {
            Interlocked.Decrement(ref _bodiesQueued);
            try
            {
                if (temp is not null && !_receivedTemps.TryRemove(temp, out _))
                {
                    return; // Disposed by a stop.
                }

                if (_link == link)
                {
                    OnRemoteFile(update, temp, failure);
                }
                else
                {
                    temp?.Dispose();
                }
            }
            finally
            {
                try
                {
                    CommitAppliedRowsAtBurstEnd();
                }
                finally
                {
                    _receiveAhead.Release();
                }
            }
        });
        Interlocked.Increment(ref _bodiesQueued); // After the post: the count may lag the queue, never lead it.
        _ = applied.ContinueWith(
            t =>
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogError(t.Exception, "Applying {Path} failed; resynchronising", update.Path);
                    link.Close(t.Exception);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    /// <param name="failure">Why <paramref name="temp"/> is null when the disk refused the body (full, a permission).</param>
    private void OnRemoteFile(FileUpdateMessage update, AtomicFileWriter? temp, IOException? failure = null)
    {
        var path = update.ParsePath();
        CommitAppliedRowsHolding(path);
        _downloads.Remove(path);
        var remote = EntryState.File(update.Sha256, update.Size, update.MtimeNs);
        _remoteHints[path] = remote;
        var decision = Decide(path, out var record, out _);
        if (decision.Action is SyncAction.Download or SyncAction.Restore or SyncAction.Revert)
        {
            if (failure is not null)
            {
                NoteProblem(path, failure.Message, download: true);
            }
            else if (temp is null)
            {
                _logger.LogWarning("Cannot apply {Path} from the server: it could not be written here", path);
            }
            else
            {
                ApplyFile(path, update, temp, record, decision.Action);
            }
        }
        else
        {
            temp?.Dispose();
            Act(path, decision, record, remote);
        }

        NoteSequence(update.Sequence);
    }

    private void ApplyFile(RelativePath path, FileUpdateMessage update, AtomicFileWriter temp, FileRecord? record, SyncAction action)
    {
        using (temp)
        {
            try
            {
                var expectation = record is { Deleted: false, Kind: EntryKind.File }
                    ? ExpectedTarget.Existing(record.Size, record.MtimeNs, record.Inode)
                    : ExpectedTarget.Absent;

                // Durable per batch, not per file (docs/sync-model.md, durability): after kill -9 the kernel
                // still has the data and the rename, and a file the table does not know yet is recognised by
                // its hash at the next scan.
                var status = temp.Commit(update.Sha256, update.MtimeNs, expectation, durable: false, trash: expectation == ExpectedTarget.Absent ? null : _trash);
                KillSwitch.Reach(KillPoints.AfterRename);
                var applied = new FileRecord(path, EntryKind.File, status.Size, status.MtimeNs, status.Inode, update.Sha256,
                    update.Origin ?? FileRecord.ServerOrigin, update.Sequence, false, update.Sha256, false);
                _appliedRows.Add(applied);
                CommitAppliedRowsAtBurstEnd();
                SyncWritesIfDue();
                _remoteHints.Remove(path);
                ClearProblem(path);
                LastActivity = DateTimeOffset.UtcNow;

                // Inside a counted burst (a first sync) the progress line reports; a line per file would cost more than its row.
                var level = _progress.Active ? LogLevel.Debug : LogLevel.Information;
                if (_progress.Advance(update.Size) is { } line)
                {
                    _logger.LogInformation("{Progress}", line);
                    if (!_progress.Active)
                    {
                        MemoryRelease.AfterBurst();
                    }
                }

                _logger.Log(level, "{Action} {Path} from the server ({Bytes} bytes, seq {Sequence}){Note}", action == SyncAction.Download ? "download" : action.ToString().ToLowerInvariant(),
                    path, update.Size, update.Sequence, action == SyncAction.Revert ? "; the local version is kept in trash" : string.Empty);
            }
            catch (TargetChangedException)
            {
                // A fresh local edit arrived first: it goes to the server with its base, which decides.
                _logger.LogInformation("{Path} changed locally while the server's version arrived; uploading the local edit for a decision", path);
                OnLocalChanges(_tree!.ScanPaths([path]));
            }
            catch (HashMismatchException ex)
            {
                // The server's file changed while it was read; its watcher sends the new version, the retry asks anyway.
                NoteProblem(path, ex.Message, download: true, transient: true);
            }
            catch (IOException ex)
            {
                NoteProblem(path, ex.Message, download: true);
            }
        }
    }

    /// <summary>One syncfs when a burst of downloads ends (or every 256 files), instead of two fsyncs per file; off the loop.</summary>
    private void SyncWritesIfDue()
    {
        if (++_unsyncedWrites < UnsyncedWritesLimit && _queue.Pending > 1)
        {
            return;
        }

        _unsyncedWrites = 0;
        _flusher!.Request();
    }

    private void OnFlushFailed(IOException ex)
    {
        LastError = $"{DateTimeOffset.UtcNow:O} syncfs: {ex.Message}";
        _logger.LogError("Could not flush the folder's file system: {Error}", ex.Message);
    }

    private void OnRemoteDirectory(DirCreateMessage create)
    {
        var path = create.ParsePath();
        _remoteHints[path] = EntryState.Directory(create.MtimeNs);
        Reconcile(path);
        NoteSequence(create.Sequence);
    }

    private void OnRemoteDelete(FileDeleteMessage delete)
    {
        var path = delete.ParsePath();
        foreach (var child in Store.GetUnder(path).Select(r => r.Path).OrderDescending())
        {
            _remoteHints[child] = null;
            Reconcile(child);
        }

        _remoteHints[path] = null;
        Reconcile(path);
        NoteSequence(delete.Sequence);
    }

    /// <summary>A server move is one rename here when nothing under it changed locally; otherwise resync.</summary>
    private void OnRemoteMove(FileMoveMessage move)
    {
        var from = move.ParseFrom();
        var to = move.ParseTo();
        var record = Store.Get(from);
        var moved = record is null ? [] : Store.GetUnder(from).Prepend(record).ToList();
        bool clean = record is { Deleted: false } && Store.Get(to) is not { Deleted: false }
            && moved.All(r => !r.Deleted && !r.LocalOnly && r.Sha256 == r.BaseSha256);
        if (clean)
        {
            try
            {
                var status = Root.Move(from, to, record!.Kind == EntryKind.Directory
                    ? ExpectedTarget.Directory
                    : ExpectedTarget.Existing(record.Size, record.MtimeNs, record.Inode));
                using (var batch = Store.BeginBatch())
                {
                    foreach (var r in moved)
                    {
                        batch.Delete(r.Path);
                        var rebased = r with { Path = r.Path.Rebase(from, to), Sequence = move.Sequence };
                        batch.Upsert(r.Path == from ? rebased with { Inode = status.Inode, MtimeNs = status.MtimeNs } : rebased);
                    }

                    batch.Commit();
                }

                _logger.LogInformation("move {From} -> {To} from the server (seq {Sequence})", from, to, move.Sequence);
                NoteSequence(move.Sequence);
                return;
            }
            catch (IOException ex)
            {
                _logger.LogInformation("Could not apply the move {From} -> {To} as a rename: {Error}", from, to, ex.Message);
            }
        }

        Resync($"the server moved {from} to {to} and the local copy differs");
    }

    private void OnAck(AckMessage ack)
    {
        if (!_uploads.Remove(ack.RequestId, out var pending))
        {
            return;
        }

        var path = pending.Path;
        if (ack.Outcome == AckOutcome.Failed)
        {
            if (pending.AsDelta)
            {
                OnDeltaRefused(path, ack.Message);
            }
            else
            {
                OnUploadFailed(path, pending, ack.Message);
            }

            return;
        }

        ClearProblem(path);
        var record = Store.Get(path);
        if (ack.Outcome == AckOutcome.Rejected)
        {
            LastError = $"{DateTimeOffset.UtcNow:O} {path}: {ack.Message}";
            _logger.LogWarning("The server refused {Path}: {Reason}", path, ack.Message);
            if (record is { BaseSha256: null, LocalOnly: false })
            {
                Store.Upsert(record with { LocalOnly = true });
            }

            return;
        }

        if (pending.IsDelete)
        {
            if (record is { Deleted: true })
            {
                Store.Delete(path);
            }
        }
        else if (record is not null)
        {
            Store.Upsert(record with { BaseSha256 = pending.Sha256, Sequence = ack.Sequence, LocalOnly = false });
            if (record.Sha256 == pending.Sha256)
            {
                BackfillChunks(record);
            }
        }
        else
        {
            // A new file deleted here while its upload was in flight (its row went with it): the server has it now,
            // so the delete is a change against that base and goes there too.
            var kind = pending.Sha256.Length == 0 ? EntryKind.Directory : EntryKind.File;
            record = new FileRecord(path, kind, 0, 0, 0, pending.Sha256, _options.ClientId, ack.Sequence, true, pending.Sha256, false);
            Store.Upsert(record);
        }

        _remoteHints.Remove(path);
        LastActivity = DateTimeOffset.UtcNow;
        if (ack.Outcome == AckOutcome.Conflict)
        {
            _logger.LogWarning("Conflict on {Path}: both versions are kept, the other one as {Copy}", path, ack.ConflictPath);
        }

        NoteSequence(ack.Sequence);
        if (record is not null && (record.Deleted != pending.IsDelete || (!record.Deleted && record.Sha256 != pending.Sha256)))
        {
            Reconcile(path);
        }
    }

    private void OnServerError(ErrorMessage error)
    {
        LastError = $"{DateTimeOffset.UtcNow:O} server: {error.Code} {error.Message} {error.Path}";
        _logger.LogWarning("The server reported {Code}: {Message} ({Path})", error.Code, error.Message, error.Path);
        if (RelativePath.TryParse(error.Path, out var path))
        {
            _downloads.Remove(path);
            PersistSequence();
        }
    }
}
