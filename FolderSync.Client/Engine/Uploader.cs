using FolderSync.Common.Delta;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// Sends local versions to the server, each with its base, as FILE_DELTA when a large file's base list allows it
/// (the client keeps, table <c>chunks</c>, the list of the version it last synced), else whole. Runs on the folder
/// loop; the link's writer opens the bodies when their turn comes, and reports one it cannot open back to that loop
/// through <paramref name="unreadable"/>, since no ACK will come for it.
/// </summary>
internal sealed class Uploader(
    ClientSession session,
    StateStore store,
    FolderRoot root,
    ChangeApplier applier,
    WorkQueue queue,
    string clientId,
    Action<long, RelativePath, bool, string> unreadable,
    ILogger logger)
{
    /// <summary>Paths whose delta the server did not apply: their next upload goes whole.</summary>
    private readonly HashSet<RelativePath> _wholeUploads = [];
    private long _nextRequestId;

    /// <summary>
    /// Sends the local version with its base. While an earlier change of the path awaits its ACK nothing
    /// more is sent: a second upload would carry a stale base and look like a conflict. The ACK reconciles
    /// the path again and sends whatever is newer.
    /// </summary>
    public void Upload(FileRecord record)
    {
        if (session.Link is not { } link || session.Uploads.IsInFlight(record.Path))
        {
            return;
        }

        if (record.Kind == EntryKind.Directory)
        {
            session.Send(new DirCreateMessage(NextRequestId(record.Path, record.Sha256, isDelete: false), record.Path.Value, record.MtimeNs, 0, clientId));
            return;
        }

        if (PlanDelta(record) is { } plan)
        {
            UploadDelta(link, record, plan);
            return;
        }

        var path = record.Path;
        long id = NextRequestId(path, record.Sha256, isDelete: false, mode: record.Mode);
        link.Send(
            new FileUpdateMessage(id, path.Value, record.Size, record.MtimeNs, record.Sha256, record.BaseSha256, 0, clientId) { Mode = record.Mode, BaseMode = record.BaseMode },
            () => OpenForUpload(id, path));
        logger.LogInformation("upload {Path} ({Bytes} bytes)", path, record.Size);
    }

    /// <summary>A chmod of a synced file whose content is the base: FILE_MODE, no body.</summary>
    public void UploadMode(FileRecord record, int mode)
    {
        if (session.Link is null || session.Uploads.IsInFlight(record.Path))
        {
            return;
        }

        long id = ++_nextRequestId;
        session.Uploads.Add(id, new PendingUpload(record.Path, record.Sha256, IsDelete: false) { Mode = mode, ModeOnly = true });
        session.Send(new FileModeMessage(id, record.Path.Value, record.Sha256, mode, record.BaseMode, 0, clientId));
        logger.LogInformation("chmod {Mode} {Path}", FileModes.Format(mode), record.Path);
    }

    /// <summary>The delete of a synced path, against its base.</summary>
    public void UploadDelete(FileRecord record, EntryKind baseKind) =>
        session.Send(new FileDeleteMessage(NextRequestId(record.Path, string.Empty, isDelete: true), record.Path.Value, baseKind, record.BaseSha256, 0, clientId));

    /// <summary>A rename of the synced <paramref name="source"/> (a directory with all beneath it) as one FILE_MOVE.</summary>
    public void UploadMove(RelativePath from, RelativePath to, FileRecord source)
    {
        long id = ++_nextRequestId;
        session.Uploads.Add(id, new PendingUpload(to, source.Sha256, IsDelete: false, MovedFrom: from));
        session.Send(new FileMoveMessage(id, from.Value, to.Value, source.Kind, source.Kind == EntryKind.File ? source.Sha256 : null, 0, clientId));
        logger.LogInformation("move {From} -> {To}", from, to);
    }

    /// <summary>The server did not apply our delta (its version is not our base, or the result did not verify): the next upload goes whole.</summary>
    public void SendWholeNext(RelativePath path) => _wholeUploads.Add(path);

    /// <summary>
    /// The delta from the base to the local version of a large file, or null when it goes whole: no base list, the file
    /// changed since it was scanned, a delta the server refused before, or one that would not pay. The new version's
    /// list is stored at once (it becomes the base when the server accepts this version), so it is chunked only once.
    /// </summary>
    private DeltaPlan? PlanDelta(FileRecord record)
    {
        var path = record.Path;
        if (_wholeUploads.Remove(path) || !DeltaPolicy.TracksChunks(record.Size) || record.BaseSha256 is not { Length: > 0 } baseSha256
            || store.GetChunks(path) is not { } baseChunks || baseChunks.Sha256 != baseSha256)
        {
            return null;
        }

        var chunks = applier.Chunks.TryChunk(record);
        if (chunks is null)
        {
            return null;
        }

        applier.Chunks.Keep(path, chunks);
        return DeltaPolicy.TryPlan(path.Value, baseChunks, baseSha256, chunks);
    }

    /// <summary>The literals are read from the file when the frame is written; a file changed since fails the server's hash check.</summary>
    private void UploadDelta(PeerLink link, FileRecord record, DeltaPlan plan)
    {
        var path = record.Path;
        long id = NextRequestId(path, record.Sha256, isDelete: false, asDelta: true, mode: record.Mode);
        link.Send(
            new FileDeltaMessage(id, path.Value, record.Size, record.MtimeNs, record.Sha256, plan.BaseSha256, 0, clientId, plan.Ops) { Mode = record.Mode, BaseMode = record.BaseMode },
            () => new LiteralRangeStream(OpenForUpload(id, path), plan.LiteralRanges()));
        logger.LogInformation("upload {Path} as a delta ({Literal} of {Bytes} bytes in {Ops} ops)", path, plan.LiteralBytes, record.Size, plan.Ops.Count);
    }

    /// <summary>Opened by the link's writer when the body's turn comes; a failure there is reported to the loop, which will get no ACK.</summary>
    private FileStream OpenForUpload(long requestId, RelativePath path)
    {
        try
        {
            return root.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bool vanished = ex is FileOperationException { Errno: Errno.ENOENT or Errno.ENOTDIR };
            queue.Post(() => unreadable(requestId, path, vanished, ex.Message));
            throw;
        }
    }

    private long NextRequestId(RelativePath path, string sha256, bool isDelete, bool asDelta = false, int? mode = null)
    {
        long id = ++_nextRequestId;
        session.Uploads.Add(id, new PendingUpload(path, sha256, isDelete, asDelta) { Mode = mode });
        return id;
    }
}
