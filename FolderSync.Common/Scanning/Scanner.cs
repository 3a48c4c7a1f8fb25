using System.Collections.Concurrent;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;

namespace FolderSync.Common.Scanning;

/// <summary>
/// Walks a folder and reports what is to be synced (DESIGN §3, §6). A file whose (size, mtime ns, inode)
/// match its previous record keeps that record's hash; only the others are read, in parallel. Symlinks
/// are never followed. One instance per folder root caches the parsed <c>.foldersyncignore</c> and
/// reloads it when the file changes, and remembers which unchanged files were binary; it is safe to use
/// from several threads.
/// </summary>
/// <remarks>The <c>previous</c> callback is only called from the thread that calls Scan or ScanOne.</remarks>
public sealed partial class Scanner
{
    private readonly ScanOptions _options;
    private readonly TextDetector _detector;
    private readonly Lock _filterLock = new();
    private PathFilter _filter = PathFilter.Empty;
    private FileStatus? _ignoreFileStat;

    // Files found binary by content, so a rescan of this instance does not read them again while unchanged.
    private readonly ConcurrentDictionary<RelativePath, FileStatus> _knownBinary = new();

    public Scanner(string root, ScanOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        _options = options;
        _detector = new TextDetector(options);
    }

    public string Root { get; }

    /// <summary>The whole tree under <paramref name="root"/>.</summary>
    public static ScanResult Scan(string root, ScanOptions options, Func<RelativePath, FileRecord?> previous, CancellationToken cancellationToken = default) =>
        new Scanner(root, options).Scan(previous, cancellationToken);

    /// <summary>One path under <paramref name="root"/> (a watcher hint).</summary>
    public static ScanOneResult ScanOne(string root, RelativePath path, ScanOptions options, Func<RelativePath, FileRecord?> previous) =>
        new Scanner(root, options).ScanOne(path, previous);

    /// <summary>The whole tree.</summary>
    public ScanResult Scan(Func<RelativePath, FileRecord?> previous, CancellationToken cancellationToken = default) =>
        Walk(start: null, previous, cancellationToken);

    /// <summary>A directory and everything beneath it (a new directory seen by the watcher).</summary>
    public ScanResult ScanSubtree(RelativePath directory, Func<RelativePath, FileRecord?> previous, CancellationToken cancellationToken = default) =>
        Walk(directory, previous, cancellationToken);

    /// <summary>The filter in force now, reloaded when <c>.foldersyncignore</c> changed since the last call.</summary>
    public PathFilter CurrentFilter()
    {
        string file = Path.Join(Root, PathFilter.IgnoreFileName);
        var stat = FileStatus.Lstat(file);
        lock (_filterLock)
        {
            if (stat != _ignoreFileStat)
            {
                _filter = PathFilter.Load(Root);
                _ignoreFileStat = stat;
            }

            return _filter;
        }
    }

    private bool RootIsDirectory() => FileStatus.Stat(Root) is { Kind: NodeKind.Directory };
}
