using System.Collections;
using FolderSync.Common.Protocol;

namespace FolderSync.Client.Engine;

/// <summary>
/// The files asked of the server on this connection and not answered yet. At most <see cref="Window"/> requests are
/// on the wire at once; the rest wait here in order. The server queues one reply per request on the connection, so a
/// first sync that asked for all 100,000 files at once held 100,000 replies in the server's memory (353 MiB peak,
/// docs/benchmarks.md). An answer (the file, a delta, or an ERROR naming the path) frees a slot. Folder loop only.
/// </summary>
internal sealed class DownloadRequests : IReadOnlyCollection<RelativePath>
{
    /// <summary>Enough to keep the server's disk and the connection busy, few enough that its queue stays small.</summary>
    public const int Window = 512;

    private readonly HashSet<RelativePath> _asked = [];
    private readonly HashSet<RelativePath> _onWire = [];
    private readonly Queue<RelativePath> _waiting = new();

    /// <summary>Asked and not answered, on the wire or waiting.</summary>
    public int Count => _asked.Count;

    public bool Contains(RelativePath path) => _asked.Contains(path);

    /// <summary>Asks for <paramref name="path"/> once: at once through <paramref name="send"/> while the window has room.</summary>
    public void Ask(RelativePath path, Action<RelativePath> send)
    {
        if (!_asked.Add(path))
        {
            return;
        }

        _waiting.Enqueue(path);
        SendWaiting(send);
    }

    /// <summary><paramref name="path"/> was answered (or is no longer wanted): its slot goes to the next waiting request.</summary>
    public void Answered(RelativePath path, Action<RelativePath>? send)
    {
        _asked.Remove(path);
        _onWire.Remove(path);
        if (send is not null)
        {
            SendWaiting(send);
        }
    }

    public void Clear()
    {
        _asked.Clear();
        _onWire.Clear();
        _waiting.Clear();
    }

    public IEnumerator<RelativePath> GetEnumerator() => _asked.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void SendWaiting(Action<RelativePath> send)
    {
        while (_onWire.Count < Window && _waiting.TryDequeue(out var next))
        {
            // A path answered while it waited (a live push), or queued twice, is skipped.
            if (_asked.Contains(next) && _onWire.Add(next))
            {
                send(next);
            }
        }
    }
}
