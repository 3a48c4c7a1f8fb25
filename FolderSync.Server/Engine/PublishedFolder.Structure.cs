using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>Structure changes proposed by Full clients: directories, deletes, moves.</summary>
public sealed partial class PublishedFolder
{
    public Task ApplyDirCreateAsync(IFolderClient client, DirCreateMessage create) => _queue.Post(() => Reply(client, Answer(client, create.RequestId, create.ParsePath(), () => DecideDirCreate(client, create))));

    private AckMessage DecideDirCreate(IFolderClient client, DirCreateMessage create)
    {
        var path = create.ParsePath();
        var current = Store.Get(path);
        var verdict = ServerDecision.Decide(new CreateDirectoryProposal(path), ToServerEntry(current), Access);
        if (verdict.Outcome is not (ServerOutcome.Accept or ServerOutcome.AcceptResurrect))
        {
            return Refuse(client, create.RequestId, path, verdict, current);
        }

        Root.CreateDirectory(path);
        var record = Record(path, EntryKind.Directory, Root.Stat(path)!.Value, string.Empty, client.ClientId);
        Broadcast(ToMessage(record), except: client);
        _logger.LogInformation("{Folder}: {Client} mkdir {Path} (seq {Sequence})", Name, client.ClientId, path, record.Sequence);
        return Ack(create.RequestId, AckOutcome.Accepted, record.Sequence, path);
    }

    public Task ApplyDeleteAsync(IFolderClient client, FileDeleteMessage delete) => _queue.Post(() => Reply(client, Answer(client, delete.RequestId, delete.ParsePath(), () => DecideDelete(client, delete))));

    private AckMessage DecideDelete(IFolderClient client, FileDeleteMessage delete)
    {
        var path = delete.ParsePath();
        var current = Store.Get(path);
        var verdict = ServerDecision.Decide(new DeleteProposal(path, delete.BaseSha256 ?? string.Empty), ToServerEntry(current), Access);
        if (verdict.Outcome != ServerOutcome.Accept)
        {
            return Refuse(client, delete.RequestId, path, verdict, current);
        }

        if (current!.Kind == EntryKind.Directory)
        {
            Root.RemoveTree(path, _trash);
        }
        else
        {
            Root.DeleteFile(path, ExpectedTarget.Existing(current.Size, current.MtimeNs, current.Inode), _trash);
        }

        long sequence;
        using (var batch = Store.BeginBatch())
        {
            sequence = batch.NextSequence();
            foreach (var record in Store.GetUnder(path).Where(r => !r.Deleted).Prepend(current))
            {
                batch.Upsert(record with { Deleted = true, Sequence = sequence, Origin = client.ClientId });
            }

            batch.Commit();
        }

        _problems.Clear(path);
        Broadcast(new FileDeleteMessage(0, path.Value, current.Kind, current.Sha256, sequence, client.ClientId), except: client);
        _logger.LogInformation("{Folder}: {Client} delete {Path} (seq {Sequence})", Name, client.ClientId, path, sequence);
        return Ack(delete.RequestId, AckOutcome.Accepted, sequence, path);
    }

    public Task ApplyMoveAsync(IFolderClient client, FileMoveMessage move) => _queue.Post(() => Reply(client, Answer(client, move.RequestId, move.ParseTo(), () => DecideMove(client, move))));

    private AckMessage DecideMove(IFolderClient client, FileMoveMessage move)
    {
        var from = move.ParseFrom();
        var to = move.ParseTo();
        var source = Store.Get(from);
        var state = source?.ToEntryState() ?? EntryState.File(move.Sha256 ?? string.Empty, 0, 0);
        var verdict = ServerDecision.Decide(new MoveProposal(from, to, move.Sha256 ?? string.Empty, state), ToServerEntry(source), Access, ToServerEntry(Store.Get(to)));
        if (verdict.Outcome != ServerOutcome.Accept)
        {
            return Refuse(client, move.RequestId, to, verdict, source);
        }

        var status = Root.Move(from, to, source!.Kind == EntryKind.Directory
            ? ExpectedTarget.Directory
            : ExpectedTarget.Existing(source.Size, source.MtimeNs, source.Inode));
        long sequence;
        using (var batch = Store.BeginBatch())
        {
            sequence = batch.NextSequence();
            foreach (var record in Store.GetUnder(from).Where(r => !r.Deleted).Prepend(source))
            {
                batch.Upsert(record with { Deleted = true, Sequence = sequence });
                var moved = record with { Path = record.Path.Rebase(from, to), Sequence = sequence, Origin = client.ClientId };
                batch.Upsert(record.Path == from ? moved with { Inode = status.Inode, MtimeNs = status.MtimeNs } : moved);
            }

            batch.Commit();
        }

        _problems.Clear(to);
        Broadcast(new FileMoveMessage(0, from.Value, to.Value, source.Kind, move.Sha256, sequence, client.ClientId), except: client);
        _logger.LogInformation("{Folder}: {Client} move {From} -> {To} (seq {Sequence})", Name, client.ClientId, from, to, sequence);
        return Ack(move.RequestId, AckOutcome.Accepted, sequence, to);
    }

    /// <summary>A refused or superseded change: the client is told why and gets the server's version back.</summary>
    private AckMessage Refuse(IFolderClient client, long requestId, RelativePath path, ServerVerdict verdict, FileRecord? current)
    {
        if (verdict.Outcome == ServerOutcome.NoChange)
        {
            return Ack(requestId, AckOutcome.NoChange, current?.Sequence ?? 0, path);
        }

        _logger.LogWarning("{Folder}: refused {Client} change of {Path}: {Reason}", Name, client.ClientId, path, verdict.Reason);
        if (current is { Deleted: false })
        {
            _afterAck.Add(ToMessage(current));
        }

        return Ack(requestId, AckOutcome.Rejected, 0, path, message: verdict.Reason);
    }
}
