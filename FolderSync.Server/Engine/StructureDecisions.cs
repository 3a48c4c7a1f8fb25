using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>The decisions on structure changes proposed by Full clients: directories, deletes, moves.</summary>
internal sealed class StructureDecisions(PublishedFolderOptions options, StateStore store, FolderChangeApplier applier, Subscribers subscribers, ILogger logger)
{
    public ClientAnswer DecideDirCreate(IFolderClient client, DirCreateMessage create)
    {
        var path = create.ParsePath();
        var current = store.Get(path);
        var verdict = ServerDecision.Decide(new CreateDirectoryProposal(path), ServerEntries.Of(current), options.Access);
        if (verdict.Outcome is not (ServerOutcome.Accept or ServerOutcome.AcceptResurrect))
        {
            return Refuse(client, create.RequestId, path, verdict, current);
        }

        var record = applier.CreateDirectory(path, client.ClientId);
        subscribers.Broadcast(FolderMessages.ToMessage(record), except: client);
        logger.LogInformation("{Folder}: {Client} mkdir {Path} (seq {Sequence})", options.Name, client.ClientId, path, record.Sequence);
        return ClientAnswer.Of(create.RequestId, AckOutcome.Accepted, record.Sequence, path);
    }

    /// <summary>Whether the delete would be applied now (not refused, not already done): only such a delete is worth holding.</summary>
    public bool WouldDelete(FileDeleteMessage delete) =>
        ServerDecision.Decide(new DeleteProposal(delete.ParsePath(), delete.BaseSha256 ?? string.Empty), ServerEntries.Of(store.Get(delete.ParsePath())), options.Access).Outcome == ServerOutcome.Accept;

    /// <param name="toAuthor">Send the delete to its author too (it was told its delete was held, and still has it pending).</param>
    public ClientAnswer DecideDelete(IFolderClient client, FileDeleteMessage delete, bool toAuthor = false)
    {
        var path = delete.ParsePath();
        var current = store.Get(path);
        var verdict = ServerDecision.Decide(new DeleteProposal(path, delete.BaseSha256 ?? string.Empty), ServerEntries.Of(current), options.Access);
        if (verdict.Outcome != ServerOutcome.Accept)
        {
            return Refuse(client, delete.RequestId, path, verdict, current);
        }

        long sequence = applier.Delete(path, current!, client.ClientId);
        subscribers.Broadcast(new FileDeleteMessage(0, path.Value, current!.Kind, current.Sha256, sequence, client.ClientId), except: toAuthor ? null : client);
        logger.LogInformation("{Folder}: {Client} delete {Path} (seq {Sequence})", options.Name, client.ClientId, path, sequence);
        return ClientAnswer.Of(delete.RequestId, AckOutcome.Accepted, sequence, path);
    }

    public ClientAnswer DecideMove(IFolderClient client, FileMoveMessage move)
    {
        var from = move.ParseFrom();
        var to = move.ParseTo();
        var source = store.Get(from);
        var state = source?.ToEntryState() ?? EntryState.File(move.Sha256 ?? string.Empty, 0, 0);
        var verdict = ServerDecision.Decide(new MoveProposal(from, to, move.Sha256 ?? string.Empty, state), ServerEntries.Of(source), options.Access, ServerEntries.Of(store.Get(to)));
        if (verdict.Outcome != ServerOutcome.Accept)
        {
            return Refuse(client, move.RequestId, to, verdict, source);
        }

        long sequence = applier.Move(from, to, source!, client.ClientId);
        subscribers.Broadcast(new FileMoveMessage(0, from.Value, to.Value, source!.Kind, move.Sha256, sequence, client.ClientId), except: client);
        logger.LogInformation("{Folder}: {Client} move {From} -> {To} (seq {Sequence})", options.Name, client.ClientId, from, to, sequence);
        return ClientAnswer.Of(move.RequestId, AckOutcome.Accepted, sequence, to);
    }

    /// <summary>A refused or superseded change: the client is told why and gets the server's version back.</summary>
    private ClientAnswer Refuse(IFolderClient client, long requestId, RelativePath path, ServerVerdict verdict, FileRecord? current)
    {
        if (verdict.Outcome == ServerOutcome.NoChange)
        {
            return ClientAnswer.Of(requestId, AckOutcome.NoChange, current?.Sequence ?? 0, path);
        }

        logger.LogWarning("{Folder}: refused {Client} change of {Path}: {Reason}", options.Name, client.ClientId, path, verdict.Reason);
        return ClientAnswer.Of(requestId, AckOutcome.Rejected, 0, path, message: verdict.Reason, sendBack: current is { Deleted: false } ? FolderMessages.ToMessage(current) : null);
    }
}
