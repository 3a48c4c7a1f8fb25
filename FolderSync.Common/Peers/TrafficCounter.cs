using System.Text.Json.Nodes;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Peers;

/// <summary>
/// The messages one side exchanged, PING and PONG left out: over a quiet folder both counts stand still, so
/// echo traffic (a side sending back what it just received) is visible from outside, in <c>status</c>.
/// </summary>
public sealed class TrafficCounter
{
    private long _sent;
    private long _received;

    public long Sent => Interlocked.Read(ref _sent);

    public long Received => Interlocked.Read(ref _received);

    public void NoteSent(Message message)
    {
        if (Counts(message))
        {
            Interlocked.Increment(ref _sent);
        }
    }

    public void NoteReceived(Message message)
    {
        if (Counts(message))
        {
            Interlocked.Increment(ref _received);
        }
    }

    public JsonObject ToJson() => new() { ["sent"] = Sent, ["received"] = Received };

    private static bool Counts(Message message) => message is not (PingMessage or PongMessage);
}
