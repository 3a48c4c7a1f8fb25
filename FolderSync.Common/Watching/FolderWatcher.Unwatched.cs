namespace FolderSync.Common.Watching;

/// <summary>
/// Directories left without a watch when the inotify watch limit was reached: the engine polls each one's subtree
/// (<see cref="UnwatchedDirectories"/>) until a later walk (an overflow's, a new directory's) watches it after all.
/// </summary>
public sealed partial class FolderWatcher
{
    private readonly Lock _unwatchedGate = new();
    private readonly HashSet<string> _unwatched = new(StringComparer.Ordinal);

    /// <summary>The roots of the subtrees without a watch ("" is the folder root), for the engine to poll.</summary>
    public IReadOnlyList<string> UnwatchedDirectories
    {
        get
        {
            lock (_unwatchedGate)
            {
                return [.. _unwatched];
            }
        }
    }

    private bool HasUnwatched
    {
        get
        {
            lock (_unwatchedGate)
            {
                return _unwatched.Count > 0;
            }
        }
    }

    private void MarkUnwatched(string dir)
    {
        lock (_unwatchedGate)
        {
            _unwatched.Add(dir);
        }
    }

    private void MarkWatched(string dir)
    {
        lock (_unwatchedGate)
        {
            _unwatched.Remove(dir);
        }
    }

    private void RebaseUnwatched(string from, string to)
    {
        lock (_unwatchedGate)
        {
            foreach (string dir in _unwatched.Where(d => IsSameOrUnder(d, from)).ToList())
            {
                _unwatched.Remove(dir);
                _unwatched.Add(to + dir[from.Length..]);
            }
        }
    }

    private void ForgetUnwatched(string dir)
    {
        lock (_unwatchedGate)
        {
            _unwatched.RemoveWhere(d => IsSameOrUnder(d, dir));
        }
    }

    private static bool IsSameOrUnder(string path, string dir) =>
        dir.Length == 0 || path == dir || (path.Length > dir.Length && path[dir.Length] == '/' && path.StartsWith(dir, StringComparison.Ordinal));
}
