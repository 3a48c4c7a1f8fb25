using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>Local changes, the per-path reconcile, and the actions it chooses.</summary>
public sealed partial class SubscribedFolder
{
    private readonly HashSet<RelativePath> _createsWaiting = [];
    private readonly HashSet<RelativePath> _createsRipe = [];

    private void OnLocalChanges(IReadOnlyList<LocalChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        RecordLocal(changes);
        LastActivity = DateTimeOffset.UtcNow;
        if (_link is null || !_indexComplete)
        {
            return;
        }

        foreach (var change in changes)
        {
            if (!change.MetadataOnly)
            {
                Reconcile(change.Path);
            }
        }
    }

    /// <summary>Records what is on disk now; the base columns stay as they are until the server agrees.</summary>
    private void RecordLocal(IReadOnlyList<LocalChange> changes)
    {
        using var batch = Store.BeginBatch();
        foreach (var change in changes)
        {
            if (change.Now is { } now)
            {
                batch.Upsert(change.Before is null
                    ? new FileRecord(change.Path, now.Kind, now.Size, now.MtimeNs, now.Inode, now.Sha256, _options.ClientId, 0, false, null, false)
                    : change.Before with
                    {
                        Kind = now.Kind,
                        Size = now.Size,
                        MtimeNs = now.MtimeNs,
                        Inode = now.Inode,
                        Sha256 = now.Sha256,
                        Deleted = false,
                        Origin = change.MetadataOnly ? change.Before.Origin : _options.ClientId,
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

    private PathDecision Decide(RelativePath path, out FileRecord? record, out EntryState? remote)
    {
        record = Store.Get(path);
        var @base = BaseOf(record);
        remote = _remoteHints.TryGetValue(path, out var hint) ? hint : @base;
        return Reconciler.Reconcile(@base, record?.ToEntryState(), remote, Mode);
    }

    private void Reconcile(RelativePath path)
    {
        var decision = Decide(path, out var record, out var remote);
        Act(path, decision, record, remote);
    }

    private void Act(RelativePath path, PathDecision decision, FileRecord? record, EntryState? remote)
    {
        switch (decision.Action)
        {
            case SyncAction.None:
                _remoteHints.Remove(path);
                ClearProblem(path);
                break;
            case SyncAction.RecordBase:
                RecordBase(path, record, remote);
                ClearProblem(path);
                break;
            case SyncAction.Download or SyncAction.Restore or SyncAction.Revert when remote is { IsDirectory: true }:
            case SyncAction.CreateLocalDirectory:
                CreateDirectory(path, record);
                break;
            case SyncAction.Download or SyncAction.Restore or SyncAction.Revert:
                RequestFile(path);
                break;
            case SyncAction.DeleteLocal:
                DeleteLocal(path, record!);
                break;
            case SyncAction.RemoveLocalDirectory:
                RemoveDirectory(path);
                break;
            case SyncAction.UploadCreate when !CreateIsRipe(path):
                break;
            case SyncAction.Upload or SyncAction.UploadCreate or SyncAction.Conflict:
                Upload(record!);
                break;
            case SyncAction.UploadDelete when !_uploads.IsInFlight(path):
                Send(new FileDeleteMessage(NextRequestId(path, string.Empty, isDelete: true), path.Value, BaseOf(record)?.Kind ?? EntryKind.File, record!.BaseSha256, 0, _options.ClientId));
                break;
            case SyncAction.KeepLocalOnly when record is { LocalOnly: false }:
                Store.Upsert(record with { LocalOnly = true });
                _logger.LogInformation("{Path} stays local: {Mode} clients do not create on the server", path, Mode);
                break;
        }
    }

    /// <summary>
    /// A new file is sent after the debounce window, not at once: editors and tools (sed -i, rsync) write
    /// a temp file and rename it away within milliseconds, and such a file must never reach the server.
    /// </summary>
    private bool CreateIsRipe(RelativePath path)
    {
        if (_createsRipe.Remove(path))
        {
            return true;
        }

        if (_createsWaiting.Add(path))
        {
            _ = Task.Delay(Math.Max(20, _options.Sync.DebounceMilliseconds), _stopping.Token).ContinueWith(
                _ => _queue.Post(() =>
                {
                    _createsWaiting.Remove(path);
                    _createsRipe.Add(path);
                    if (_link is not null && _indexComplete)
                    {
                        Reconcile(path);
                    }

                    _createsRipe.Remove(path);
                }),
                TaskScheduler.Default);
        }

        return false;
    }

    private void RecordBase(RelativePath path, FileRecord? record, EntryState? remote)
    {
        _remoteHints.Remove(path);
        if (record is null)
        {
            return;
        }

        if (remote is null && record.Deleted)
        {
            Store.Delete(path);
            return;
        }

        Store.Upsert(record with { BaseSha256 = remote?.Sha256, LocalOnly = false });
    }

    private void RequestFile(RelativePath path)
    {
        if (_link is not null && _downloads.Add(path))
        {
            _link.Send(new FileRequestMessage(path.Value));
        }
    }

    private void CreateDirectory(RelativePath path, FileRecord? record)
    {
        try
        {
            if (record is { Deleted: false, Kind: EntryKind.File })
            {
                Root.DeleteFile(path, ExpectedTarget.Existing(record.Size, record.MtimeNs, record.Inode), _trash);
            }

            Root.CreateDirectory(path);
            var status = Root.Stat(path)!.Value;
            Store.Upsert(new FileRecord(path, EntryKind.Directory, 0, status.MtimeNs, status.Inode, string.Empty, FileRecord.ServerOrigin, 0, false, string.Empty, false));
            _remoteHints.Remove(path);
            ClearProblem(path);
        }
        catch (IOException ex)
        {
            NoteProblem(path, $"could not create the directory: {ex.Message}", download: true);
        }
    }

    private void DeleteLocal(RelativePath path, FileRecord record)
    {
        try
        {
            Root.DeleteFile(path, ExpectedTarget.Existing(record.Size, record.MtimeNs, record.Inode), _trash);
            Store.Delete(path);
            _remoteHints.Remove(path);
            ClearProblem(path);
            _logger.LogInformation("delete {Path} (deleted on the server; the local copy is kept in trash)", path);
        }
        catch (TargetChangedException)
        {
            OnLocalChanges(_tree!.ScanPaths([path]));
        }
        catch (IOException ex)
        {
            NoteProblem(path, $"could not delete it: {ex.Message}", download: true);
        }
    }

    private void RemoveDirectory(RelativePath path)
    {
        try
        {
            Root.RemoveDirectory(path);
            Store.Delete(path);
            _remoteHints.Remove(path);
        }
        catch (IOException ex)
        {
            // Local-only content keeps the directory; it is not the server's to delete.
            _logger.LogInformation("Kept directory {Path} removed on the server: {Error}", path, ex.Message);
            if (Store.Get(path) is { } record)
            {
                Store.Upsert(record with { BaseSha256 = null, LocalOnly = true });
            }

            _remoteHints.Remove(path);
        }
    }

    /// <summary>
    /// Sends the local version with its base. While an earlier change of the path awaits its ACK nothing
    /// more is sent: a second upload would carry a stale base and look like a conflict. The ACK reconciles
    /// the path again and sends whatever is newer.
    /// </summary>
    private void Upload(FileRecord record)
    {
        if (_link is null || _uploads.IsInFlight(record.Path))
        {
            return;
        }

        if (record.Kind == EntryKind.Directory)
        {
            Send(new DirCreateMessage(NextRequestId(record.Path, record.Sha256, isDelete: false), record.Path.Value, record.MtimeNs, 0, _options.ClientId));
            return;
        }

        if (PlanUpload(record) is { } plan)
        {
            UploadDelta(record, plan);
            return;
        }

        var path = record.Path;
        long id = NextRequestId(path, record.Sha256, isDelete: false);
        _link.Send(
            new FileUpdateMessage(id, path.Value, record.Size, record.MtimeNs, record.Sha256, record.BaseSha256, 0, _options.ClientId),
            () => OpenForUpload(id, path));
        _logger.LogInformation("upload {Path} ({Bytes} bytes)", path, record.Size);
    }

    /// <summary>Opened by the link's writer when the body's turn comes; a failure there is reported to the loop, which will get no ACK.</summary>
    private FileStream OpenForUpload(long requestId, RelativePath path)
    {
        try
        {
            return Root.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bool vanished = ex is FileOperationException { Errno: Errno.ENOENT or Errno.ENOTDIR };
            _queue.Post(() => OnUploadUnreadable(requestId, path, vanished, ex.Message));
            throw;
        }
    }

    private long NextRequestId(RelativePath path, string sha256, bool isDelete, bool asDelta = false)
    {
        long id = ++_nextRequestId;
        _uploads.Add(id, new PendingUpload(path, sha256, isDelete, asDelta));
        return id;
    }

    private void Send(Message message) => _link?.Send(message);

    private static EntryState? BaseOf(FileRecord? record) => record?.BaseSha256 switch
    {
        null => null,
        "" => EntryState.Directory(),
        var sha => EntryState.File(sha, 0, 0),
    };
}
