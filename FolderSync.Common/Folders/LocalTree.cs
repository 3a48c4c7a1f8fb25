using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;

namespace FolderSync.Common.Folders;

/// <summary>
/// The scanner is the truth, the watcher a hint: turns a full scan or a set of hinted paths into the
/// changes against the state table. Hashes only what (size, mtime, inode) says may differ.
/// </summary>
public sealed class LocalTree(string rootPath, ScanOptions options, StateStore store)
{
    private readonly Dictionary<RelativePath, SkippedEntry> _skipped = [];
    private readonly Scanner _scanner = new(rootPath, options);

    public string RootPath => rootPath;

    public IReadOnlyCollection<SkippedEntry> Skipped => _skipped.Values;

    /// <summary>Hashes computed by the last full scan (0 on an unchanged tree).</summary>
    public int LastHashedCount { get; private set; }

    public bool RootMissing { get; private set; }

    public int LastScanEntryCount { get; private set; }

    /// <summary>FolderSync temp files the last full scan walked past (see <see cref="StaleTempFiles"/>).</summary>
    public IReadOnlyList<RelativePath> LastOwnTempFiles { get; private set; } = [];

    public async Task<IReadOnlyList<LocalChange>> ScanAllAsync(CancellationToken cancellationToken)
    {
        var records = store.GetAll().ToDictionary(r => r.Path);
        var result = await Task.Run(() => _scanner.Scan(path => records.GetValueOrDefault(path), cancellationToken), cancellationToken);
        LastHashedCount = result.HashedCount;
        RootMissing = result.RootMissing;
        LastScanEntryCount = result.Entries.Count;
        LastOwnTempFiles = result.OwnTempFiles;
        _skipped.Clear();
        foreach (var skipped in result.Skipped)
        {
            _skipped[skipped.Path] = skipped;
        }

        var changes = new List<LocalChange>();
        foreach (var (path, entry) in result.Entries)
        {
            var before = records.GetValueOrDefault(path);
            if (Differs(entry, before))
            {
                changes.Add(new LocalChange(path, entry, before));
            }
        }

        foreach (var record in records.Values)
        {
            if (!record.Deleted && !result.Entries.ContainsKey(record.Path) && !result.IsUncertain(record.Path) && !_skipped.ContainsKey(record.Path))
            {
                changes.Add(new LocalChange(record.Path, null, record));
            }
        }

        return Order(changes);
    }

    /// <summary>One path through the folder's scanner, compared with <paramref name="previous"/> (e.g. a rename's source row).</summary>
    public ScannedEntry? ScanOne(RelativePath path, FileRecord previous) => _scanner.ScanOne(path, _ => previous).Entry;

    /// <summary>Re-examines hinted paths; a vanished directory takes its recorded subtree with it.</summary>
    public IReadOnlyList<LocalChange> ScanPaths(IEnumerable<RelativePath> paths)
    {
        var changes = new Dictionary<RelativePath, LocalChange>();
        foreach (var path in paths)
        {
            var before = store.Get(path);
            var scanned = _scanner.ScanOne(path, _ => before);
            if (scanned.Skipped is { } skipped)
            {
                _skipped[path] = skipped;
                continue;
            }

            _skipped.Remove(path);
            if (scanned.Entry is { } entry)
            {
                if (Differs(entry, before))
                {
                    changes[path] = new LocalChange(path, entry, before);
                }

                if (entry.Kind == EntryKind.Directory && before is not { Deleted: false, Kind: EntryKind.Directory })
                {
                    // A directory new to us (moved in, or renamed): what it holds is new too.
                    AddSubtree(path, changes);
                }

                continue;
            }

            if (before is { Deleted: false })
            {
                changes[path] = new LocalChange(path, null, before);
                foreach (var child in store.GetUnder(path).Where(r => !r.Deleted))
                {
                    changes[child.Path] = new LocalChange(child.Path, null, child);
                }
            }
        }

        return Order(changes.Values);
    }

    /// <summary>
    /// Walks whole subtrees the watcher cannot see (the poll behind the inotify watch limit): what changed in them,
    /// and what is gone from them. A subtree root that is gone or replaced is left to its parent's watch.
    /// </summary>
    public async Task<IReadOnlyList<LocalChange>> ScanSubtreesAsync(IReadOnlyList<RelativePath> directories, CancellationToken cancellationToken)
    {
        var changes = new Dictionary<RelativePath, LocalChange>();
        foreach (var directory in directories)
        {
            var records = store.GetUnder(directory).Append(store.Get(directory)).OfType<FileRecord>().ToDictionary(r => r.Path);
            var result = await Task.Run(() => _scanner.ScanSubtree(directory, p => records.GetValueOrDefault(p), cancellationToken), cancellationToken);
            if (result.Entries.GetValueOrDefault(directory) is not { Kind: EntryKind.Directory })
            {
                continue;
            }

            foreach (var path in _skipped.Keys.Where(p => p.IsSameOrUnder(directory)).ToList())
            {
                _skipped.Remove(path);
            }

            foreach (var skipped in result.Skipped)
            {
                _skipped[skipped.Path] = skipped;
            }

            foreach (var (path, entry) in result.Entries)
            {
                var before = records.GetValueOrDefault(path);
                if (Differs(entry, before))
                {
                    changes[path] = new LocalChange(path, entry, before);
                }
            }

            foreach (var record in records.Values)
            {
                if (!record.Deleted && !result.Entries.ContainsKey(record.Path) && !result.IsUncertain(record.Path) && !_skipped.ContainsKey(record.Path))
                {
                    changes[record.Path] = new LocalChange(record.Path, null, record);
                }
            }
        }

        return Order(changes.Values);
    }

    private void AddSubtree(RelativePath directory, Dictionary<RelativePath, LocalChange> changes)
    {
        var records = store.GetUnder(directory).ToDictionary(r => r.Path);
        foreach (var (path, entry) in _scanner.ScanSubtree(directory, p => records.GetValueOrDefault(p)).Entries)
        {
            var before = records.GetValueOrDefault(path);
            if (path != directory && Differs(entry, before))
            {
                changes[path] = new LocalChange(path, entry, before);
            }
        }
    }

    /// <summary>Creations parent first, removals child first, so each step finds its directory in place.</summary>
    public static List<LocalChange> Order(IEnumerable<LocalChange> changes)
    {
        var list = changes.ToList();
        list.Sort((a, b) =>
        {
            bool aGone = a.Now is null, bGone = b.Now is null;
            if (aGone != bGone)
            {
                return aGone ? 1 : -1;
            }

            int byPath = a.Path.CompareTo(b.Path);
            return aGone ? -byPath : byPath;
        });
        return list;
    }

    private static bool Differs(ScannedEntry entry, FileRecord? before) =>
        before is null || before.Deleted || before.Kind != entry.Kind || before.Sha256 != entry.Sha256
        || before.Size != entry.Size || before.MtimeNs != entry.MtimeNs || before.Inode != entry.Inode
        || (entry.Mode is not null && before.Mode != entry.Mode);
}
