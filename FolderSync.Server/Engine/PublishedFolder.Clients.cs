using FolderSync.Common.Compression;
using FolderSync.Common.FaultInjection;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>Subscriptions and the decisions on what clients propose.</summary>
public sealed partial class PublishedFolder
{
    /// <summary>Keeps an INDEX_BATCH header well under the 64 KiB frame limit, whatever the path lengths.</summary>
    private const int IndexBatchBytes = 40 * 1024;

    private readonly List<Message> _afterAck = [];

    /// <summary>
    /// Sends WELCOME and the index (everything, or the changes since the client's last sequence) and
    /// subscribes the client, in one step of the loop, so no change falls between the index and the live stream.
    /// </summary>
    public Task SubscribeAsync(IFolderClient client, long lastSequence) => _queue.Post(() =>
    {
        long sequence = Store.CurrentSequence;
        bool full = lastSequence <= 0 || lastSequence > sequence || Store.NeedsFullIndex(lastSequence);
        var records = full ? Store.GetAll().Where(r => !r.Deleted).ToList() : Store.ChangesSince(lastSequence);
        client.Send(new WelcomeMessage(ProtocolVersion.Current, Name, Access, sequence, full, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
        {
            Capabilities = BodyCompression.Capabilities(),
        });
        foreach (var batch in IndexBatches(records))
        {
            client.Send(new IndexBatchMessage(batch));
        }

        client.Send(new IndexEndMessage(sequence));
        _clients.Add(client);
        _logger.LogInformation("{Folder}: {Client} subscribed at sequence {Last} ({Kind} index of {Count} entries, server at {Sequence})",
            Name, client.ClientId, lastSequence, full ? "full" : "delta", records.Count, sequence);
    });

    public Task UnsubscribeAsync(IFolderClient client) => _queue.Post(() => { _clients.Remove(client); });

    /// <summary>FILE_REQUEST: the current content of a path, queued in order with the live pushes.</summary>
    public Task ServeRequestAsync(IFolderClient client, RelativePath path) => _queue.Post(() =>
    {
        var record = Store.Get(path);
        if (record is not { Deleted: false })
        {
            client.Send(new ErrorMessage(ErrorCode.NotFound, "not on the server", path.Value, 0));
            return;
        }

        SendTo(client, ToMessage(record));
    });

    /// <summary>FILE_UPDATE from a client, its body already in a temp file beside the target.</summary>
    public Task ApplyUploadAsync(IFolderClient client, FileUpdateMessage upload, AtomicFileWriter temp) => _queue.Post(() =>
    {
        using (temp)
        {
            var ack = Answer(client, upload.RequestId, upload.ParsePath(), () => DecideUpload(client, upload, temp));
            KillSwitch.Reach(KillPoints.BeforeAck);
            Reply(client, ack);
        }
    });

    /// <summary>
    /// The ACK goes out before the versions a conflict or refusal sends back to the same client, so the
    /// client knows its content is safe on the server before its copy is replaced.
    /// </summary>
    private void Reply(IFolderClient client, AckMessage ack)
    {
        client.Send(ack);
        foreach (var message in _afterAck)
        {
            SendTo(client, message);
        }

        _afterAck.Clear();
    }

    private AckMessage DecideUpload(IFolderClient client, FileUpdateMessage upload, AtomicFileWriter temp)
    {
        var path = upload.ParsePath();
        var current = Store.Get(path);
        var proposed = EntryState.File(upload.Sha256, upload.Size, upload.MtimeNs);
        var verdict = ServerDecision.Decide(new UpdateProposal(path, upload.BaseSha256, proposed), ToServerEntry(current), Access);
        switch (verdict.Outcome)
        {
            case ServerOutcome.NoChange:
                return Ack(upload.RequestId, AckOutcome.NoChange, current!.Sequence, path);
            case ServerOutcome.Accept or ServerOutcome.AcceptResurrect:
                var record = CommitClientFile(temp, path, upload, current, client);
                Broadcast(ToMessage(record), except: client);
                _logger.LogInformation("{Folder}: {Client} update {Path} ({Bytes} bytes, seq {Sequence}){Note}",
                    Name, client.ClientId, path, upload.Size, record.Sequence, verdict.Outcome == ServerOutcome.AcceptResurrect ? ", restored over a delete" : string.Empty);
                return Ack(upload.RequestId, AckOutcome.Accepted, record.Sequence, path);
            case ServerOutcome.Conflict:
                return ResolveConflict(client, upload, temp, path, current!);
            default:
                _logger.LogWarning("{Folder}: refused {Client} update of {Path}: {Reason}", Name, client.ClientId, path, verdict.Reason);
                return Ack(upload.RequestId, AckOutcome.Rejected, 0, path, message: verdict.Reason);
        }
    }

    /// <summary>
    /// Both sides changed: the newer mtime wins after clock correction, the server wins ties, and the
    /// loser is kept beside the file as a conflict copy that syncs like any file. No edit is dropped.
    /// </summary>
    private AckMessage ResolveConflict(IFolderClient client, FileUpdateMessage upload, AtomicFileWriter temp, RelativePath path, FileRecord current)
    {
        var clientVersion = EntryState.File(upload.Sha256, upload.Size, upload.MtimeNs);
        var resolution = ConflictPolicy.Resolve(current.ToEntryState()!, current.Origin, clientVersion, client.ClientId, client.ClockOffset);
        bool clientWins = resolution.Winner == ConflictWinner.Client;
        var copyPath = FreeCopyPath(resolution, path, clientWins ? current.Sha256 : upload.Sha256, out var kept);

        FileRecord copy, main;
        if (clientWins)
        {
            copy = kept ?? CopyServerFile(current, copyPath);
            main = CommitClientFile(temp, path, upload, current, client);
            Broadcast(ToMessage(main), except: client);
        }
        else
        {
            copy = kept ?? CommitClientFile(temp, copyPath, upload, null, client);
            main = current;
            _afterAck.Add(ToMessage(main));
        }

        Broadcast(ToMessage(copy), except: null);
        _logger.LogWarning("{Folder}: conflict on {Path} between server and {Client}; {Winner} wins, the other version is kept as {Copy}",
            Name, path, client.ClientId, clientWins ? client.ClientId : "server", copyPath);
        return Ack(upload.RequestId, AckOutcome.Conflict, Math.Max(copy.Sequence, main.Sequence), path, copyPath);
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
            var record = Store.Get(candidate);
            kept = record is { Deleted: false, Kind: EntryKind.File } && record.Sha256 == loserSha256 ? record : null;
            if (kept is not null || (record is not { Deleted: false } && Root.Stat(candidate) is null))
            {
                return candidate;
            }
        }
    }

    /// <summary>
    /// The file gets the client's mtime moved onto the server's clock: every recorded time is then on one clock,
    /// so a later conflict compares this version fairly with any other client's, whatever each one's skew.
    /// </summary>
    private FileRecord CommitClientFile(AtomicFileWriter temp, RelativePath target, FileUpdateMessage upload, FileRecord? current, IFolderClient client)
    {
        var expectation = current is { Deleted: false, Kind: EntryKind.File }
            ? ExpectedTarget.Existing(current.Size, current.MtimeNs, current.Inode)
            : ExpectedTarget.Absent;
        var status = temp.CommitAs(target, upload.Sha256, ConflictPolicy.ToServerClock(upload.MtimeNs, client.ClockOffset), expectation, trash: _trash);
        KillSwitch.Reach(KillPoints.AfterRename);
        var record = Record(target, EntryKind.File, status, upload.Sha256, client.ClientId, beforeCommit: () => KillSwitch.Reach(KillPoints.BeforeStateCommit));
        BackfillChunks(record);
        return record;
    }

    private FileRecord CopyServerFile(FileRecord source, RelativePath target)
    {
        using var writer = Root.BeginWrite(target);
        using (var input = Root.OpenRead(source.Path))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                writer.Write(buffer.AsSpan(0, read));
            }
        }

        var status = writer.Commit(source.Sha256, source.MtimeNs, ExpectedTarget.Absent);
        return Record(target, EntryKind.File, status, source.Sha256, source.Origin);
    }

    /// <param name="beforeCommit">Runs inside the open transaction (the fault-injection seam for client uploads).</param>
    private FileRecord Record(RelativePath path, EntryKind kind, FileStatus status, string sha256, string origin, Action? beforeCommit = null)
    {
        using var batch = Store.BeginBatch();
        var record = new FileRecord(path, kind, status.Size, status.MtimeNs, status.Inode, sha256, origin, batch.NextSequence(), false, null, false);
        batch.Upsert(record);
        beforeCommit?.Invoke();
        batch.Commit();
        _problems.Clear(path);
        return record;
    }

    private static AckMessage Ack(long requestId, AckOutcome outcome, long sequence, RelativePath path, RelativePath? conflictPath = null, string? message = null) =>
        new(requestId, outcome, sequence, path.Value, conflictPath?.Value, message);

    private static ServerEntry? ToServerEntry(FileRecord? record) => record switch
    {
        null => null,
        { Deleted: true } => ServerEntry.Tombstone(record.Origin, new EntryState(record.Kind, record.Sha256, record.Size, record.MtimeNs)),
        _ => ServerEntry.Live(record.ToEntryState()!, record.Origin),
    };

    private static Message ToMessage(FileRecord record) => record.Kind == EntryKind.Directory
        ? new DirCreateMessage(0, record.Path.Value, record.MtimeNs, record.Sequence, record.Origin)
        : new FileUpdateMessage(0, record.Path.Value, record.Size, record.MtimeNs, record.Sha256, null, record.Sequence, record.Origin);

    private static IEnumerable<List<IndexEntry>> IndexBatches(IEnumerable<FileRecord> records)
    {
        var batch = new List<IndexEntry>();
        int bytes = 0;
        foreach (var record in records)
        {
            // JSON escaping at most doubles a path of quotes and backslashes (control characters would be
            // worse, and a 4 KiB path of them still fits); the fixed fields take about 200 bytes.
            int size = (2 * System.Text.Encoding.UTF8.GetByteCount(record.Path.Value)) + 220;
            if (batch.Count > 0 && bytes + size > IndexBatchBytes)
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(ToIndexEntry(record));
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private static IndexEntry ToIndexEntry(FileRecord record) =>
        new(record.Path.Value, record.Kind, record.Size, record.MtimeNs, record.Sha256, record.Sequence, record.Deleted, record.Origin);
}
