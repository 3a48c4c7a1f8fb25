using FolderSync.Common.Compression;
using FolderSync.Common.Delta;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// The clients subscribed to a folder and the fan-out to them. Bodies are not read here: each message carries how
/// to open its body, which the session's writer does when the frame goes out. Runs on the folder loop.
/// </summary>
internal sealed class Subscribers(PublishedFolderOptions options, StateStore store, FolderRoot root, ILogger logger)
{
    /// <summary>Keeps an INDEX_BATCH header well under the 64 KiB frame limit, whatever the path lengths.</summary>
    private const int IndexBatchBytes = 40 * 1024;

    private readonly List<IFolderClient> _clients = [];

    /// <summary>
    /// Sends WELCOME and the index (everything, or the changes since the client's last sequence) and subscribes
    /// the client, in one step of the loop, so no change falls between the index and the live stream.
    /// </summary>
    public void Subscribe(IFolderClient client, long lastSequence)
    {
        long sequence = store.CurrentSequence;
        bool full = lastSequence <= 0 || lastSequence > sequence || store.NeedsFullIndex(lastSequence);
        var records = full ? store.GetAll().Where(r => !r.Deleted).ToList() : store.ChangesSince(lastSequence);
        client.Send(new WelcomeMessage(ProtocolVersion.Current, options.Name, options.Access, sequence, full, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
        {
            Capabilities = [.. options.Sync.BodyCompression.Capabilities(), ControlRequestMessage.Capability],
        });
        foreach (var batch in IndexBatches(records))
        {
            client.SendIndex(new IndexBatchMessage(batch));
        }

        client.Send(new IndexEndMessage(sequence));
        _clients.Add(client);
        logger.LogInformation("{Folder}: {Client} subscribed at sequence {Last} ({Kind} index of {Count} entries, server at {Sequence})",
            options.Name, client.ClientId, lastSequence, full ? "full" : "delta", records.Count, sequence);
    }

    public void Unsubscribe(IFolderClient client) => _clients.Remove(client);

    /// <summary>FILE_REQUEST: the current content of a path, in order with the live pushes.</summary>
    public void Serve(IFolderClient client, RelativePath path)
    {
        var record = store.Get(path);
        if (record is not { Deleted: false })
        {
            client.Send(new ErrorMessage(ErrorCode.NotFound, "not on the server", path.Value, 0));
            return;
        }

        SendTo(client, FolderMessages.ToMessage(record));
    }

    public void Broadcast(Message message, IFolderClient? except)
    {
        foreach (var client in _clients)
        {
            if (!ReferenceEquals(client, except))
            {
                SendTo(client, message);
            }
        }
    }

    public void SendTo(IFolderClient client, Message message)
    {
        if (message is FileUpdateMessage update)
        {
            var path = update.ParsePath();
            client.Send(message, () => root.OpenRead(path));
        }
        else if (message is FileDeltaMessage delta)
        {
            client.Send(message, DeltaBody(delta));
        }
        else
        {
            client.Send(message);
        }
    }

    /// <summary>The literal bytes are read from the file when the frame is written; a file changed since fails the receiver's hash check.</summary>
    private Func<Stream> DeltaBody(FileDeltaMessage delta)
    {
        var path = delta.ParsePath();
        return () => new LiteralRangeStream(root.OpenRead(path), DeltaPlan.LiteralRangesOf(delta.Ops));
    }

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
        new(record.Path.Value, record.Kind, record.Size, record.MtimeNs, record.Sha256, record.Sequence, record.Deleted, record.Origin) { Mode = record.Mode };
}
