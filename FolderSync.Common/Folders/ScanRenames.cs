using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;

namespace FolderSync.Common.Folders;

/// <summary>
/// The renames in one scan's changes, for what inotify did not report as a move pair (renamed while the daemon was
/// down, a rescan after an overflow, polling): a row gone from disk and an entry new on disk with the same identity,
/// kind and inode and, for a file, size and mtime. A directory's move carries every row under it; a child renamed as
/// well becomes a further move from where its parent's move put it, so the moves apply in their order. An inode on
/// two paths, or another kind, size or mtime, stays a delete and a create. Pure: no I/O.
/// </summary>
public sealed class ScanRenames
{
    private readonly HashSet<RelativePath> _ends;

    private ScanRenames(List<WatchMove> moves)
    {
        Moves = moves;
        _ends = [.. moves.Select(m => m.From), .. moves.Select(m => m.To)];
    }

    public static ScanRenames None { get; } = new([]);

    /// <summary>In the order they apply: each source as the moves before it left it.</summary>
    public IReadOnlyList<WatchMove> Moves { get; }

    public static ScanRenames Find(IReadOnlyList<LocalChange> changes)
    {
        var gone = new List<FileRecord>();
        var goneInodes = new Dictionary<long, int>();
        foreach (var change in changes)
        {
            if (change is { Now: null, Before: { Deleted: false, Inode: not 0 } before })
            {
                gone.Add(before);
                goneInodes[before.Inode] = goneInodes.GetValueOrDefault(before.Inode) + 1;
            }
        }

        if (gone.Count == 0)
        {
            return None;
        }

        // An inode found twice (a hard link) is no one's rename: null marks it.
        var found = new Dictionary<long, (RelativePath Path, ScannedEntry Entry)?>();
        foreach (var change in changes)
        {
            if (change is { Now: { Inode: not 0 } now, Before: null or { Deleted: true } })
            {
                found[now.Inode] = found.ContainsKey(now.Inode) ? null : (change.Path, now);
            }
        }

        // Where each moved directory now is, by its path before the scan; parents come first in path order.
        var placed = new Dictionary<RelativePath, RelativePath>();
        var moves = new List<WatchMove>();
        gone.Sort((a, b) => a.Path.CompareTo(b.Path));
        foreach (var row in gone)
        {
            if (goneInodes[row.Inode] != 1 || found.GetValueOrDefault(row.Inode) is not { } hit || !SameIdentity(row, hit.Entry))
            {
                continue;
            }

            var from = Placed(row.Path, placed);
            if (row.Kind == EntryKind.Directory)
            {
                placed[row.Path] = hit.Path;
            }

            if (from != hit.Path && !hit.Path.IsSameOrUnder(from) && !from.IsSameOrUnder(hit.Path))
            {
                moves.Add(new WatchMove(from, hit.Path, row.Kind == EntryKind.Directory));
            }
        }

        return moves.Count == 0 ? None : new ScanRenames(moves);
    }

    /// <summary>Whether <paramref name="path"/> is at or under either end of a move: its change is the move's to make.</summary>
    public bool Covers(RelativePath path)
    {
        if (_ends.Count == 0)
        {
            return false;
        }

        for (RelativePath? at = path; at is { } current; at = current.Parent)
        {
            if (_ends.Contains(current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameIdentity(FileRecord row, ScannedEntry entry) =>
        row.Kind == entry.Kind && (entry.Kind == EntryKind.Directory || (row.Size == entry.Size && row.MtimeNs == entry.MtimeNs));

    /// <summary>Where <paramref name="path"/> is after the moves of its nearest moved ancestor.</summary>
    private static RelativePath Placed(RelativePath path, Dictionary<RelativePath, RelativePath> placed)
    {
        for (var at = path.Parent; at is { } directory; at = directory.Parent)
        {
            if (placed.TryGetValue(directory, out var now))
            {
                return path.Rebase(directory, now);
            }
        }

        return path;
    }
}
