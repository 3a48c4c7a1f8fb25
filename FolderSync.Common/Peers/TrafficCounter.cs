using System.Text.Json.Nodes;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Peers;

/// <summary>
/// The messages one side exchanged, PING and PONG left out: over a quiet folder both counts stand still, so
/// echo traffic (a side sending back what it just received) is visible from outside, in <c>status</c>. File contents
/// (FILE_UPDATE and FILE_DELTA) are also counted with their body bytes: files and bytes each way, for the metrics.
/// </summary>
public sealed class TrafficCounter
{
    private long _sent;
    private long _received;
    private long _filesSent;
    private long _filesReceived;
    private long _bytesSent;
    private long _bytesReceived;

    public long Sent => Interlocked.Read(ref _sent);

    public long Received => Interlocked.Read(ref _received);

    public void NoteSent(Message message)
    {
        if (Counts(message))
        {
            Interlocked.Increment(ref _sent);
        }

        if (IsContent(message))
        {
            Interlocked.Increment(ref _filesSent);
            Interlocked.Add(ref _bytesSent, message.BodyLength);
        }
    }

    public void NoteReceived(Message message)
    {
        if (Counts(message))
        {
            Interlocked.Increment(ref _received);
        }

        if (IsContent(message))
        {
            Interlocked.Increment(ref _filesReceived);
            Interlocked.Add(ref _bytesReceived, message.BodyLength);
        }
    }

    public JsonObject ToJson() => new()
    {
        ["sent"] = Sent,
        ["received"] = Received,
        ["filesSent"] = Interlocked.Read(ref _filesSent),
        ["bytesSent"] = Interlocked.Read(ref _bytesSent),
        ["filesReceived"] = Interlocked.Read(ref _filesReceived),
        ["bytesReceived"] = Interlocked.Read(ref _bytesReceived),
    };

    private static bool IsContent(Message message) => message is FileUpdateMessage or FileDeltaMessage;

    private static bool Counts(Message message) => message is not (PingMessage or PongMessage);
}
