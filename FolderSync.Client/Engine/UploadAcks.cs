using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// The server's answer to each upload: what it accepted becomes the path's base, what it refused stays local, and
/// what it could not apply is sent again (whole, for a refused delta) or retried. Runs on the folder loop.
/// </summary>
internal sealed class UploadAcks(
    ClientSession session, StateStore store, PathReconciler reconciler, ChangeApplier applier, LocalMoves moves, ResumePoint resume, FolderActivity activity, ILogger logger)
{
    public void OnAck(AckMessage ack)
    {
        if (!session.Uploads.Remove(ack.RequestId, out var pending))
        {
            return;
        }

        var path = pending.Path;
        if (pending.MovedFrom is { } from)
        {
            OnMoveAck(from, path, ack);
            return;
        }

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

        reconciler.Problems.Clear(path);
        var record = store.Get(path);
        if (ack.Outcome == AckOutcome.Rejected)
        {
            activity.Error($"{path}: {ack.Message}");
            logger.LogWarning("The server refused {Path}: {Reason}", path, ack.Message);
            if (record is { BaseSha256: null, LocalOnly: false })
            {
                applier.KeepLocalOnly(record);
            }

            return;
        }

        if (pending.ModeOnly && ack.Outcome != AckOutcome.Accepted)
        {
            // The server kept its mode; it sends it back as FILE_MODE when it differs from ours.
            resume.Note(ack.Sequence);
            return;
        }

        var before = record;
        record = applier.RecordAccepted(path, record, pending, ack.Sequence);
        if (ack.Outcome != AckOutcome.NoChange)
        {
            applier.RecordSent(KindOf(pending, before, ack.Outcome), path, record?.Size ?? 0);
        }

        session.RemoteHints.Remove(path);
        activity.Touch();
        if (ack.Outcome == AckOutcome.Conflict)
        {
            logger.LogWarning("Conflict on {Path}: both versions are kept, the other one as {Copy}", path, ack.ConflictPath);
        }

        resume.Note(ack.Sequence);
        if (record is not null && (record.Deleted != pending.IsDelete || (!record.Deleted && record.Sha256 != pending.Sha256)))
        {
            reconciler.Reconcile(path);
        }
        else if (pending.Mode is { } sent && record?.Mode != sent)
        {
            // chmod again while the last mode was in flight: send the newer one.
            reconciler.ReconcileMode(store.Get(path));
        }
    }

    private void OnMoveAck(RelativePath from, RelativePath to, AckMessage ack)
    {
        if (ack.Outcome is AckOutcome.Failed or AckOutcome.Rejected)
        {
            moves.OnRefused(from, to, ack.Message);
            return;
        }

        moves.OnAccepted(from, to, ack.Sequence);
        applier.RecordSent(ActivityKind.Move, from, store.Get(to)?.Size ?? 0, to);
        activity.Touch();
        resume.Note(ack.Sequence);
    }

    private static ActivityKind KindOf(PendingUpload sent, FileRecord? before, AckOutcome outcome) => sent switch
    {
        { IsDelete: true } => ActivityKind.Delete,
        { ModeOnly: true } => ActivityKind.Mode,
        { Sha256.Length: 0 } => ActivityKind.Dir,
        _ when outcome == AckOutcome.Conflict => ActivityKind.Conflict,
        _ => before is { BaseSha256: not null } ? ActivityKind.Edit : ActivityKind.Create,
    };

    /// <summary>
    /// The server could not apply our change. If the file changed since it was read (the usual cause of a hash the
    /// server refused), the new version goes at once; otherwise the same change is tried again later.
    /// </summary>
    private void OnUploadFailed(RelativePath path, PendingUpload pending, string? reason)
    {
        reconciler.Rescan(path);
        var record = store.Get(path);
        bool changed = record is null || record.Deleted != pending.IsDelete || (!record.Deleted && record.Sha256 != pending.Sha256);
        if (changed)
        {
            logger.LogInformation("{Path} changed while it was sent ({Reason}); sending the current version", path, reason);
            if (pending.IsDelete && record is { Deleted: false, Kind: EntryKind.File } && record.Sha256 == record.BaseSha256)
            {
                // Put back as it was: nothing to sync, but the server may hold the delete until it hears so.
                reconciler.Uploads.Upload(record);
                return;
            }

            reconciler.Reconcile(path);
            return;
        }

        reconciler.Problems.Note(path, reason ?? "the server could not apply it", download: false);
    }

    /// <summary>The server did not apply our delta (its version is not our base, or the result did not verify): send the whole file.</summary>
    private void OnDeltaRefused(RelativePath path, string? reason)
    {
        logger.LogInformation("The server did not apply the delta of {Path} ({Reason}); sending the whole file", path, reason);
        reconciler.Uploads.SendWholeNext(path);
        reconciler.Reconcile(path);
    }
}
