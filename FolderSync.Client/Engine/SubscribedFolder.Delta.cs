using FolderSync.Common.Delta;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Transfer;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// Deltas both ways. FILE_DELTA pushes are applied like a FILE_UPDATE once rebuilt, or replaced by a request for the
/// whole file. Edits of large files go up as FILE_DELTA against the base: the client keeps (table <c>chunks</c>) the
/// chunk list of the version it last synced of each large file, recorded off the loop after a download or an upload.
/// </summary>
public sealed partial class SubscribedFolder
{
    /// <summary>Paths whose delta the server did not apply: their next upload goes whole.</summary>
    private readonly HashSet<RelativePath> _wholeUploads = [];
    private ChunkBackfill? _backfill;

    /// <summary>Synced versions queued or being chunked, whose list is not recorded yet.</summary>
    internal int PendingChunkLists => _backfill?.Pending ?? 0;

    private void OnRemoteDelta(FileDeltaMessage delta, AtomicFileWriter? temp)
    {
        if (temp is not null)
        {
            OnRemoteFile(new FileUpdateMessage(delta.RequestId, delta.Path, delta.Size, delta.MtimeNs, delta.Sha256, null, delta.Sequence, delta.Origin), temp);
            return;
        }

        // The delta did not fit what is here: reconcile against the new version, which downloads it whole if needed.
        var path = delta.ParsePath();
        _remoteHints[path] = EntryState.File(delta.Sha256, delta.Size, delta.MtimeNs);
        Reconcile(path);
        NoteSequence(delta.Sequence);
    }

    /// <summary>
    /// The delta from the base to the local version of a large file, or null when it goes whole: no base list, the file
    /// changed since it was scanned, a delta the server refused before, or one that would not pay. The new version's
    /// list is stored at once (it becomes the base when the server accepts this version), so it is chunked only once.
    /// </summary>
    private DeltaPlan? PlanUpload(FileRecord record)
    {
        var path = record.Path;
        if (_wholeUploads.Remove(path) || !DeltaPolicy.TracksChunks(record.Size) || record.BaseSha256 is not { Length: > 0 } baseSha256
            || Store.GetChunks(path) is not { } baseChunks || baseChunks.Sha256 != baseSha256)
        {
            return null;
        }

        var chunks = TryChunk(record);
        if (chunks is null)
        {
            return null;
        }

        Store.PutChunks(path, chunks);
        return DeltaPolicy.TryPlan(path.Value, baseChunks, baseSha256, chunks);
    }

    /// <summary>The literals are read from the file when the frame is written; a file changed since fails the server's hash check.</summary>
    private void UploadDelta(FileRecord record, DeltaPlan plan)
    {
        var path = record.Path;
        long id = NextRequestId(path, record.Sha256, isDelete: false, asDelta: true);
        _link!.Send(
            new FileDeltaMessage(id, path.Value, record.Size, record.MtimeNs, record.Sha256, plan.BaseSha256, 0, _options.ClientId, plan.Ops),
            () => new LiteralRangeStream(OpenForUpload(id, path), plan.LiteralRanges()));
        _logger.LogInformation("upload {Path} as a delta ({Literal} of {Bytes} bytes in {Ops} ops)", path, plan.LiteralBytes, record.Size, plan.Ops.Count);
    }

    /// <summary>The server did not apply our delta (its version is not our base, or the result did not verify): send the whole file.</summary>
    private void OnDeltaRefused(RelativePath path, string? reason)
    {
        _logger.LogInformation("The server did not apply the delta of {Path} ({Reason}); sending the whole file", path, reason);
        _wholeUploads.Add(path);
        Reconcile(path);
    }

    /// <summary>Queues the list of a large version now synced (the base of the next upload) unless it is recorded already.</summary>
    private void BackfillChunks(FileRecord version)
    {
        if (version is { Deleted: false, Kind: EntryKind.File } && DeltaPolicy.TracksChunks(version.Size)
            && Store.GetChunks(version.Path)?.Sha256 != version.Sha256)
        {
            _backfill!.Enqueue(version);
        }
    }

    private ChunkList? TryChunk(FileRecord version)
    {
        try
        {
            return VersionChunker.TryChunk(Root, version.Path, version.Sha256, ExpectedTarget.Existing(version.Size, version.MtimeNs, version.Inode));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug("Could not chunk {Path}: {Error}", version.Path, ex.Message);
            return null;
        }
    }

    /// <summary>On the loop: keeps the list only while its version is still the local content.</summary>
    private void RecordChunks(FileRecord version, ChunkList chunks)
    {
        if (Store.Get(version.Path) is { Deleted: false, Kind: EntryKind.File } current && current.Sha256 == version.Sha256)
        {
            Store.PutChunks(version.Path, chunks);
        }
    }
}
