using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Server.History;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// The decision on a client's new file content (FILE_UPDATE, or a FILE_DELTA rebuilt here): concurrent edits of text
/// are merged when they touch different lines, other conflicts keep a conflict copy and are registered as open.
/// </summary>
internal sealed class UploadDecisions(
    PublishedFolderOptions options, StateStore store, FolderRoot root, FolderChangeApplier applier, ChunkLists chunks, Subscribers subscribers,
    EditMerger merger, HistoryRecorder history, ConflictRegistry conflicts, ILogger logger)
{
    /// <param name="temp">The verified body, in a temp file beside the target.</param>
    /// <param name="ops">For an upload that came as FILE_DELTA: its ops against the version it was rebuilt from.</param>
    public ClientAnswer Decide(IFolderClient client, FileUpdateMessage upload, AtomicFileWriter temp, IReadOnlyList<DeltaOp>? ops = null)
    {
        var path = upload.ParsePath();
        var current = store.Get(path);
        var proposed = EntryState.File(upload.Sha256, upload.Size, upload.MtimeNs);
        var verdict = ServerDecision.Decide(new UpdateProposal(path, upload.BaseSha256, proposed), ServerEntries.Of(current), options.Access);
        switch (verdict.Outcome)
        {
            case ServerOutcome.NoChange:
                return ClientAnswer.Of(upload.RequestId, AckOutcome.NoChange, current!.Sequence, path);
            case ServerOutcome.Accept or ServerOutcome.AcceptResurrect:
                var record = Commit(temp, path, upload, current, client);
                subscribers.Broadcast(Push(record, upload, current, ops), except: client);
                logger.LogInformation("{Folder}: {Client} update {Path} ({Bytes} bytes, seq {Sequence}){Note}",
                    options.Name, client.ClientId, path, upload.Size, record.Sequence, verdict.Outcome == ServerOutcome.AcceptResurrect ? ", restored over a delete" : string.Empty);
                return ClientAnswer.Of(upload.RequestId, AckOutcome.Accepted, record.Sequence, path);
            case ServerOutcome.Conflict:
                return TryMerge(client, upload, temp, path, current!) ?? ResolveConflict(client, upload, temp, path, current!);
            default:
                logger.LogWarning("{Folder}: refused {Client} update of {Path}: {Reason}", options.Name, client.ClientId, path, verdict.Reason);
                return ClientAnswer.Of(upload.RequestId, AckOutcome.Rejected, 0, path, message: verdict.Reason);
        }
    }

    /// <summary>
    /// Both sides changed different lines since the client's base: the merge is the new version, authored by the
    /// uploading client. The others receive it as any change; the uploader too (its disk holds only its own edit), after
    /// an ACK that makes the upload its base. The upload is kept in history as a merge input (the base and the server's
    /// version are there already).
    /// </summary>
    private ClientAnswer? TryMerge(IFolderClient client, FileUpdateMessage upload, AtomicFileWriter temp, RelativePath path, FileRecord current)
    {
        if (!options.Sync.MergeEnabled || !EditMerger.CanTry(upload, current))
        {
            return null;
        }

        byte[] uploaded = temp.ReadWritten();
        if (merger.TryMerge(upload.BaseSha256!, current, uploaded, upload.Sha256) is not { } merged)
        {
            return null;
        }

        history.Content(path, current.Sequence, upload.Sha256, client.ClientId, uploaded, "merge-input");
        var record = EditMerger.Sha256(merged) == current.Sha256
            ? current
            : applier.CommitContent(path, merged, history.Now.ToUnixTimeMilliseconds() * 1_000_000, current, client.ClientId, "merged");
        if (record != current)
        {
            chunks.Backfill(record);
            subscribers.Broadcast(FolderMessages.ToMessage(record), except: client);
        }

        logger.LogInformation("{Folder}: merged {Client}'s edit of {Path} with the server's version (seq {Sequence}, no conflict copy)",
            options.Name, client.ClientId, path, record.Sequence);
        return ClientAnswer.Of(upload.RequestId, AckOutcome.Accepted, current.Sequence, path, sendBack: FolderMessages.ToMessage(record));
    }

    /// <summary>
    /// A fast-forward that came as a delta goes on as the same delta: its base is the version every client in step
    /// holds, so each rebuilds it from its own copy and only the literals travel (one that cannot fetches it whole).
    /// </summary>
    private static Message Push(FileRecord record, FileUpdateMessage upload, FileRecord? current, IReadOnlyList<DeltaOp>? ops) =>
        ops is not null && current is { Deleted: false, Kind: EntryKind.File } && current.Sha256 == upload.BaseSha256
            ? FolderMessages.ToDelta(record, current.Sha256, ops)
            : FolderMessages.ToMessage(record);

    /// <summary>
    /// Both sides changed: the newer mtime wins after clock correction, the server wins ties, and the
    /// loser is kept beside the file as a conflict copy that syncs like any file. No edit is dropped.
    /// </summary>
    private ClientAnswer ResolveConflict(IFolderClient client, FileUpdateMessage upload, AtomicFileWriter temp, RelativePath path, FileRecord current)
    {
        var clientVersion = EntryState.File(upload.Sha256, upload.Size, upload.MtimeNs);
        var resolution = ConflictPolicy.Resolve(current.ToEntryState()!, current.Origin, clientVersion, client.ClientId, client.ClockOffset);
        bool clientWins = resolution.Winner == ConflictWinner.Client;
        var copyPath = FreeCopyPath(resolution, path, clientWins ? current.Sha256 : upload.Sha256, out var kept);

        FileRecord copy, main;
        Message? sendBack = null;
        if (clientWins)
        {
            copy = kept ?? applier.CopyFile(current, copyPath);
            main = Commit(temp, path, upload, current, client);
            subscribers.Broadcast(FolderMessages.ToMessage(main), except: client);
        }
        else
        {
            copy = kept ?? Commit(temp, copyPath, upload, null, client, $"conflict loser of {path}");
            main = current;
            sendBack = FolderMessages.ToMessage(main);
        }

        subscribers.Broadcast(FolderMessages.ToMessage(copy), except: null);
        var (serverTime, clientTime) = (Time(current.MtimeNs), Time(ConflictPolicy.ToServerClock(upload.MtimeNs, client.ClockOffset)));
        conflicts.Add(clientWins
            ? new OpenConflict(path.Value, copyPath.Value, client.ClientId, clientTime, current.Origin, serverTime, history.Now)
            : new OpenConflict(path.Value, copyPath.Value, current.Origin, serverTime, client.ClientId, clientTime, history.Now));
        logger.LogWarning("{Folder}: conflict on {Path} between server and {Client}; {Winner} wins, the other version is kept as {Copy}",
            options.Name, path, client.ClientId, clientWins ? client.ClientId : "server", copyPath);
        return ClientAnswer.Of(upload.RequestId, AckOutcome.Conflict, Math.Max(copy.Sequence, main.Sequence), path, copyPath, sendBack: sendBack);
    }

    /// <summary>
    /// Losers of two conflicts on one path with the same author and second share a copy name: the same
    /// content is already kept (<paramref name="kept"/>); other content gets a numbered name, never overwrites.
    /// </summary>
    private RelativePath FreeCopyPath(ConflictResolution resolution, RelativePath path, string loserSha256, out FileRecord? kept)
    {
        for (int n = 1; ; n++)
        {
            var candidate = n == 1 ? resolution.CopyPathFor(path) : ConflictNames.For(path, resolution.LoserModified, $"{resolution.LoserOrigin}-{n}");
            var record = store.Get(candidate);
            kept = record is { Deleted: false, Kind: EntryKind.File } && record.Sha256 == loserSha256 ? record : null;
            if (kept is not null || (record is not { Deleted: false } && root.Stat(candidate) is null))
            {
                return candidate;
            }
        }
    }

    /// <summary>
    /// The file gets the client's mtime moved onto the server's clock: every recorded time is then on one clock,
    /// so a later conflict compares this version fairly with any other client's, whatever each one's skew.
    /// </summary>
    private FileRecord Commit(AtomicFileWriter temp, RelativePath target, FileUpdateMessage upload, FileRecord? current, IFolderClient client, string? note = null)
    {
        var mode = FileModes.Decide(upload.BaseMode, upload.Mode, current is { Deleted: false, Kind: EntryKind.File } ? current.Mode : null);
        var record = applier.CommitUpload(temp, target, upload.Sha256, ConflictPolicy.ToServerClock(upload.MtimeNs, client.ClockOffset), current, client.ClientId, mode, note);
        chunks.Backfill(record);
        return record;
    }

    private static DateTimeOffset Time(long mtimeNs) => DateTimeOffset.UnixEpoch.AddTicks(mtimeNs / 100);
}
