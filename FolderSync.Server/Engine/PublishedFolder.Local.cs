using FolderSync.Common.Delta;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>The server's own disk changes: always authoritative, each one sequenced and pushed.</summary>
public sealed partial class PublishedFolder
{
    private void ApplyLocalChanges(IReadOnlyList<LocalChange> changes, bool fullScan)
    {
        if (fullScan && _safety.ShouldHalt(_tree!, Store))
        {
            return;
        }

        if (changes.Count == 0)
        {
            return;
        }

        var pushes = new List<Message>(changes.Count);
        var chunked = ChunkLargeFiles(changes);
        var unchunked = new List<FileRecord>();
        using (var batch = Store.BeginBatch())
        {
            foreach (var change in changes)
            {
                if (change.MetadataOnly)
                {
                    batch.Upsert(change.Before! with { Size = change.Now!.Size, MtimeNs = change.Now.MtimeNs, Inode = change.Now.Inode });
                    continue;
                }

                long sequence = batch.NextSequence();
                if (change.Now is not { } now)
                {
                    var before = change.Before!;
                    batch.Upsert(before with { Deleted = true, Sequence = sequence, Origin = FileRecord.ServerOrigin });
                    pushes.Add(new FileDeleteMessage(0, change.Path.Value, before.Kind, before.Sha256, sequence, FileRecord.ServerOrigin));
                    continue;
                }

                var record = new FileRecord(change.Path, now.Kind, now.Size, now.MtimeNs, now.Inode, now.Sha256, FileRecord.ServerOrigin, sequence, false, null, false);
                batch.Upsert(record);
                chunked.TryGetValue(change.Path, out var large);
                if (large.Chunks is not null)
                {
                    batch.PutChunks(change.Path, large.Chunks);
                }
                else if (now.Kind == EntryKind.File && DeltaPolicy.TracksChunks(now.Size))
                {
                    unchunked.Add(record);
                }

                pushes.Add(now.Kind == EntryKind.Directory
                    ? new DirCreateMessage(0, change.Path.Value, now.MtimeNs, sequence, FileRecord.ServerOrigin)
                    : large.Plan is { } plan
                        ? ToDelta(change.Path, now, sequence, plan)
                        : new FileUpdateMessage(0, change.Path.Value, now.Size, now.MtimeNs, now.Sha256, null, sequence, FileRecord.ServerOrigin));
            }

            batch.Commit();
        }

        foreach (var push in pushes)
        {
            _logger.LogInformation("{Folder}: server change {Message}", Name, Describe(push));
            Broadcast(push, except: null);
        }

        unchunked.ForEach(BackfillChunks);
    }

    /// <summary>A rename seen by the watcher becomes one FILE_MOVE when the destination holds the recorded content.</summary>
    private void TryApplyLocalMove(WatchMove move)
    {
        var before = Store.Get(move.From);
        if (before is not { Deleted: false } || Store.Get(move.To) is { Deleted: false })
        {
            return;
        }

        // The rename kept size, mtime and inode: the source row's hash is reused, nothing is re-read.
        if (_tree!.ScanOne(move.To, before with { Path = move.To }) is not { } now || now.Kind != before.Kind || now.Sha256 != before.Sha256)
        {
            return;
        }

        long sequence;
        using (var batch = Store.BeginBatch())
        {
            sequence = batch.NextSequence();
            var moved = before.Kind == EntryKind.Directory ? Store.GetUnder(move.From).Where(r => !r.Deleted).Prepend(before) : [before];
            foreach (var record in moved)
            {
                batch.Upsert(record with { Deleted = true, Sequence = sequence });
                var target = record.Path.Rebase(move.From, move.To);
                batch.Upsert(record.Path == move.From
                    ? record with { Path = target, Size = now.Size, MtimeNs = now.MtimeNs, Inode = now.Inode, Sequence = sequence, Origin = FileRecord.ServerOrigin }
                    : record with { Path = target, Sequence = sequence });
            }

            batch.Commit();
        }

        var message = new FileMoveMessage(0, move.From.Value, move.To.Value, before.Kind, before.Kind == EntryKind.File ? before.Sha256 : null, sequence, FileRecord.ServerOrigin);
        _logger.LogInformation("{Folder}: server change {Message}", Name, Describe(message));
        Broadcast(message, except: null);
    }

    private void Broadcast(Message message, IFolderClient? except)
    {
        foreach (var client in _clients)
        {
            if (!ReferenceEquals(client, except))
            {
                SendTo(client, message);
            }
        }
    }

    private void SendTo(IFolderClient client, Message message)
    {
        if (message is FileUpdateMessage update)
        {
            var path = update.ParsePath();
            client.Send(message, () => Root.OpenRead(path));
        }
        else if (message is FileDeltaMessage delta)
        {
            client.Send(message, DeltaBody(Root, delta));
        }
        else
        {
            client.Send(message);
        }
    }

    internal static string Describe(Message message) => message switch
    {
        FileUpdateMessage m => $"update {m.Path} ({m.Size} bytes, seq {m.Sequence})",
        FileDeltaMessage m => $"delta {m.Path} ({m.Size} bytes, {m.BodyLength} sent in {m.Ops.Count} ops, seq {m.Sequence})",
        DirCreateMessage m => $"mkdir {m.Path} (seq {m.Sequence})",
        FileDeleteMessage m => $"delete {m.Path} (seq {m.Sequence})",
        FileMoveMessage m => $"move {m.From} -> {m.To} (seq {m.Sequence})",
        _ => message.ToString(),
    };
}
