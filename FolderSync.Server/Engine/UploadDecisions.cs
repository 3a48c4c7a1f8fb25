using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>The decision on a client's new file content (FILE_UPDATE, or a FILE_DELTA rebuilt here), conflicts included.</summary>
internal sealed class UploadDecisions(PublishedFolderOptions options, StateStore store, FolderRoot root, FolderChangeApplier applier, ChunkLists chunks, Subscribers subscribers, ILogger logger)
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
                return ResolveConflict(client, upload, temp, path, current!);
            default:
                logger.LogWarning("{Folder}: refused {Client} update of {Path}: {Reason}", options.Name, client.ClientId, path, verdict.Reason);
                return ClientAnswer.Of(upload.RequestId, AckOutcome.Rejected, 0, path, message: verdict.Reason);
        }
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
            copy = kept ?? Commit(temp, copyPath, upload, null, client);
            main = current;
            sendBack = FolderMessages.ToMessage(main);
        }

        subscribers.Broadcast(FolderMessages.ToMessage(copy), except: null);
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
    private FileRecord Commit(AtomicFileWriter temp, RelativePath target, FileUpdateMessage upload, FileRecord? current, IFolderClient client)
    {
        var record = applier.CommitUpload(temp, target, upload.Sha256, ConflictPolicy.ToServerClock(upload.MtimeNs, client.ClockOffset), current, client.ClientId);
        chunks.Backfill(record);
        return record;
    }
}
