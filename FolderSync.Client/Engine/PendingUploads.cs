using FolderSync.Common.Protocol;

namespace FolderSync.Client.Engine;

/// <summary>
/// The client's changes sent and not yet answered, by request id, with an index by path: one change per
/// path is in flight at a time (the next one needs the ACK's base), and the check is O(1) in a burst. A move in flight
/// holds every path under its source and its destination, whose bases its ACK decides.
/// </summary>
internal sealed class PendingUploads
{
    private readonly Dictionary<long, PendingUpload> _byRequest = [];
    private readonly Dictionary<RelativePath, int> _byPath = [];
    private readonly List<PendingUpload> _moves = [];

    public int Count => _byRequest.Count;

    public void Add(long requestId, PendingUpload upload)
    {
        _byRequest.Add(requestId, upload);
        _byPath[upload.Path] = _byPath.GetValueOrDefault(upload.Path) + 1;
        if (upload.MovedFrom is not null)
        {
            _moves.Add(upload);
        }
    }

    public bool IsInFlight(RelativePath path) =>
        _byPath.ContainsKey(path) || (_moves.Count > 0 && _moves.Exists(m => path.IsSameOrUnder(m.Path) || path.IsSameOrUnder(m.MovedFrom!.Value)));

    /// <summary>Whether a change of <paramref name="path"/> or of anything beneath it awaits its ACK.</summary>
    public bool IsInFlightUnder(RelativePath path) =>
        _byPath.Keys.Any(p => p.IsSameOrUnder(path)) || _moves.Exists(m => m.MovedFrom!.Value.IsSameOrUnder(path)) || IsInFlight(path);

    public bool Remove(long requestId, out PendingUpload upload)
    {
        if (!_byRequest.Remove(requestId, out upload!))
        {
            return false;
        }

        _moves.Remove(upload);
        if (--_byPath[upload.Path] == 0)
        {
            _byPath.Remove(upload.Path);
        }

        return true;
    }

    public void Clear()
    {
        _byRequest.Clear();
        _byPath.Clear();
        _moves.Clear();
    }
}
