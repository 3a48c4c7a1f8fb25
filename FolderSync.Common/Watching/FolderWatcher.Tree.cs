using System.IO.Enumeration;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Native;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Watching;

/// <summary>The watch descriptor ↔ directory map ("" is the root) and the scans of new directories.</summary>
public sealed partial class FolderWatcher
{
    private static readonly EnumerationOptions ScanOptions = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private readonly Dictionary<int, string> _wdToDir = [];
    private readonly Dictionary<string, int> _dirToWd = new(StringComparer.Ordinal);

    /// <summary>Watches whose directory was deleted: their IN_IGNORED is expected, not a lost watch.</summary>
    private readonly HashSet<int> _dying = [];

    /// <summary>Removes every watch (on dispose).</summary>
    internal void RemoveAllWatches() => ForgetTree(string.Empty);

    /// <summary>
    /// Watches <paramref name="dir"/> and everything under it that is not ignored. With
    /// <paramref name="report"/>, every entry found is reported: it may have been created before its
    /// directory's watch existed (mkdir -p a/b &amp;&amp; echo x &gt; a/b/c, tar x).
    /// </summary>
    private void AddTree(string dir, bool report)
    {
        var stack = new Stack<string>();
        stack.Push(dir);
        while (stack.TryPop(out var current))
        {
            if (!TryAddWatch(current))
            {
                continue;
            }

            foreach (var (name, isDirectory) in Enumerate(current))
            {
                string childValue = current.Length == 0 ? name : current + "/" + name;
                if (!RelativePath.TryParse(childValue, out var child) || _isIgnored(child))
                {
                    continue;
                }

                if (report)
                {
                    _aggregator!.AddScanned(child);
                }

                if (isDirectory)
                {
                    stack.Push(childValue);
                }
            }
        }
    }

    /// <summary>False when the directory is not there to walk (gone, not a directory, unreadable).</summary>
    private bool TryAddWatch(string dir)
    {
        string fullPath = FullPath(dir);
        int wd = _owner!.AddWatch(fullPath, this, out int errno);
        if (wd < 0)
        {
            switch (errno)
            {
                case Errno.ENOSPC:
                    // Its subtree is polled instead (the engine asks for UnwatchedDirectories); its children would fail alike.
                    MarkUnwatched(dir);
                    _lastError = $"inotify watch limit reached at {WatchCount} watches, '{fullPath}' and what is under it are polled instead: "
                        + $"raise the sysctl fs.inotify.max_user_watches (now {ReadSysctl("fs/inotify/max_user_watches")}{NamespaceLimit()})";
                    return false;
                case InotifyWatcher.OverlapErrno:
                    _degraded = true;
                    _lastError = $"'{fullPath}' is already watched for another folder";
                    return false;
                case 2 or 20: // ENOENT, ENOTDIR: gone or replaced since the event.
                    return false;
                default:
                    _lastError = $"cannot watch '{fullPath}': errno {errno}";
                    return false;
            }
        }

        if (_wdToDir.TryGetValue(wd, out var previous) && previous != dir)
        {
            // The same directory under a new name (its inode kept the watch).
            _dirToWd.Remove(previous);
        }

        _wdToDir[wd] = dir;
        _dirToWd[dir] = wd;
        MarkWatched(dir);
        _dying.Remove(wd);
        Volatile.Write(ref _watchCount, _wdToDir.Count);
        return true;
    }

    private List<(string Name, bool IsDirectory)> Enumerate(string dir)
    {
        // Symlinks to directories are entries, never walked into.
        var entries = new FileSystemEnumerable<(string, bool)>(
            FullPath(dir),
            (ref FileSystemEntry e) => (e.FileName.ToString(), e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0),
            ScanOptions);
        var list = new List<(string, bool)>();
        try
        {
            list.AddRange(entries);
        }
        catch (IOException)
        {
            // Removed while we looked: its events say so.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return list;
    }

    private void RebaseTree(string from, string to)
    {
        RebaseUnwatched(from, to);
        foreach (var (wd, dir) in Under(from))
        {
            string rebased = to + dir[from.Length..];
            _wdToDir[wd] = rebased;
            _dirToWd.Remove(dir);
            _dirToWd[rebased] = wd;
        }
    }

    /// <summary>Drops the watches of a subtree that left the folder (the kernel drops those of a deleted one).</summary>
    private void ForgetTree(string dir)
    {
        ForgetUnwatched(dir);
        foreach (var (wd, path) in Under(dir))
        {
            _owner!.RemoveWatch(wd);
            _wdToDir.Remove(wd);
            _dirToWd.Remove(path);
            _dying.Remove(wd);
        }

        Volatile.Write(ref _watchCount, _wdToDir.Count);
    }

    private void OnWatchGone(int wd, string dir)
    {
        _owner!.ForgetWatch(wd);
        _wdToDir.Remove(wd);
        if (_dirToWd.TryGetValue(dir, out int current) && current == wd)
        {
            _dirToWd.Remove(dir);
        }

        Volatile.Write(ref _watchCount, _wdToDir.Count);
        if (_dying.Remove(wd))
        {
            return;
        }

        // Not removed by us and not deleted (unmounted, or the kernel dropped it): rescan, and watch again what is there.
        _aggregator!.RequestRescan($"the watch on '{FullPath(dir)}' was lost");
        if (Directory.Exists(FullPath(dir)))
        {
            AddTree(dir, report: false);
        }
    }

    private void OnSelfEvent(int wd, string dir, uint mask)
    {
        if (dir.Length > 0)
        {
            // A subdirectory moving is seen in its parent; one being deleted will send IN_IGNORED next.
            if ((mask & LibC.InDeleteSelf) != 0)
            {
                _dying.Add(wd);
            }

            return;
        }

        bool deleted = (mask & LibC.InDeleteSelf) != 0;
        _aggregator!.RequestRescan(deleted ? "the folder root was deleted" : "the folder root was moved");
        ForgetTree(string.Empty);
        if (Directory.Exists(Root))
        {
            AddTree(string.Empty, report: false);
        }
        else
        {
            _degraded = true;
            _lastError = $"the folder root '{Root}' is gone";
        }
    }

    private List<(int Wd, string Dir)> Under(string dir)
    {
        var found = new List<(int, string)>();
        foreach (var (wd, path) in _wdToDir)
        {
            if (dir.Length == 0 || path == dir || (path.Length > dir.Length && path[dir.Length] == '/' && path.StartsWith(dir, StringComparison.Ordinal)))
            {
                found.Add((wd, path));
            }
        }

        return found;
    }

    private string FullPath(string dir) => dir.Length == 0 ? Root : Path.Join(Root, dir);

    /// <summary>Inside a user namespace the limit is that namespace's user.max_inotify_watches, which fs.inotify does not show.</summary>
    private static string NamespaceLimit()
    {
        string own = ReadSysctl("user/max_inotify_watches");
        return own == ReadSysctl("fs/inotify/max_user_watches") ? string.Empty : $"; this user namespace allows {own}: user.max_inotify_watches";
    }

    private static string ReadSysctl(string name)
    {
        try
        {
            return File.ReadAllText("/proc/sys/" + name).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
