using FolderSync.Common.Protocol;

namespace FolderSync.Client.Engine;

/// <summary>
/// The client's changes sent and not yet answered, by request id, with an index by path: one change per
/// path is in flight at a time (the next one needs the ACK's base), and the check is O(1) in a burst.
/// </summary>
internal sealed class PendingUploads
{
    private readonly Dictionary<long, PendingUpload> _byRequest = [];
    private readonly Dictionary<RelativePath, int> _byPath = [];

    public int Count => _byRequest.Count;

    public void Add(long requestId, PendingUpload upload)
    {
        _byRequest.Add(requestId, upload);
        _byPath[upload.Path] = _byPath.GetValueOrDefault(upload.Path) + 1;
    }

    public bool IsInFlight(RelativePath path) => _byPath.ContainsKey(path);

    public bool Remove(long requestId, out PendingUpload upload)
    {
        if (!_byRequest.Remove(requestId, out upload!))
        {
            return false;
        }

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
    }
}
