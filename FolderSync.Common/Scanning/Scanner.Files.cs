using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;

namespace FolderSync.Common.Scanning;

public sealed partial class Scanner
{
    /// <summary>One path, checked the way a walk from the root would reach it.</summary>
    public ScanOneResult ScanOne(RelativePath path, Func<RelativePath, FileRecord?> previous) => ScanOne(path, previous, out _);

    private ScanOneResult ScanOne(RelativePath path, Func<RelativePath, FileRecord?> previous, out bool hashed)
    {
        hashed = false;
        if (!RootIsDirectory())
        {
            return new ScanOneResult(null, null, RootMissing: true);
        }

        // Every ancestor must be a real directory: lstat of the path itself would follow a symlinked one.
        for (var ancestor = path.Parent; ancestor is { } a; ancestor = a.Parent)
        {
            switch (FileStatus.Lstat(a.ToFullPath(Root)))
            {
                case null or { Kind: NodeKind.File or NodeKind.Other }:
                    return ScanOneResult.Absent;
                case { Kind: NodeKind.Symlink }:
                    return Skip(path, SkipReason.Symlink, $"'{a}' is a symlink");
            }
        }

        var stat = FileStatus.Lstat(path.ToFullPath(Root), out int errno);
        if (stat is not { } found)
        {
            return errno is Errno.ENOENT or Errno.ENOTDIR ? ScanOneResult.Absent : Skip(path, SkipReason.Unreadable, Errno.Describe(errno));
        }

        if (CurrentFilter().CheckWithAncestors(path, found.Kind == NodeKind.Directory) is { } reason)
        {
            return Skip(path, reason);
        }

        switch (found.Kind)
        {
            case NodeKind.Directory:
                return new ScanOneResult(new ScannedEntry(EntryKind.Directory, 0, found.MtimeNs, found.Inode, string.Empty), null);
            case NodeKind.Symlink:
                return Skip(path, SkipReason.Symlink);
            case NodeKind.Other:
                return Skip(path, SkipReason.Special);
        }

        var collector = new ScanCollector();
        ConsiderFile(path, found, previous, collector);
        if (collector.Pending is [var pending])
        {
            hashed = true;
            return HashFile(pending.Path, pending.RequireText, CancellationToken.None);
        }

        return collector.Entries.TryGetValue(path, out var entry)
            ? new ScanOneResult(entry, null)
            : new ScanOneResult(null, collector.Skipped.FirstOrDefault());
    }

    /// <summary>Decides a regular file without reading it: skip, reuse the previous hash, or queue it for hashing.</summary>
    private void ConsiderFile(RelativePath path, FileStatus stat, Func<RelativePath, FileRecord?> previous, ScanCollector collector)
    {
        if (stat.Size > _options.MaxFileSizeBytes)
        {
            collector.Skipped.Add(new SkippedEntry(path, SkipReason.TooLarge, $"{stat.Size} bytes"));
            return;
        }

        bool? textByName = _detector.ClassifyByName(path.Name);
        if (textByName == false)
        {
            collector.Skipped.Add(new SkippedEntry(path, SkipReason.Binary, "extension"));
            return;
        }

        if (_knownBinary.TryGetValue(path, out var binary) && stat.SameIdentity(binary.Size, binary.MtimeNs, binary.Inode))
        {
            collector.Skipped.Add(new SkippedEntry(path, SkipReason.Binary, "content"));
            return;
        }

        if (previous(path) is { Deleted: false, Kind: EntryKind.File } known
            && known.Sha256.Length > 0
            && stat.SameIdentity(known.Size, known.MtimeNs, known.Inode))
        {
            // A chmod alone changes neither size, mtime nor inode: the mode is compared, the content is not re-read.
            collector.Entries[path] = new ScannedEntry(EntryKind.File, stat.Size, stat.MtimeNs, stat.Inode, known.Sha256) { Mode = FileModes.Of(stat.Mode) };
            return;
        }

        collector.Pending.Add((path, textByName != true));
    }

    /// <summary>Hashes the queued files in parallel; returns how many were read.</summary>
    private int HashPending(ScanCollector collector, CancellationToken cancellationToken)
    {
        var results = new ScanOneResult[collector.Pending.Count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelHashes),
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, results.Length, parallel, i =>
        {
            var (path, requireText) = collector.Pending[i];
            results[i] = HashFile(path, requireText, cancellationToken);
        });

        for (int i = 0; i < results.Length; i++)
        {
            collector.Add(collector.Pending[i].Path, results[i]);
        }

        return results.Length;
    }

    private ScanOneResult HashFile(RelativePath path, bool requireText, CancellationToken cancellationToken)
    {
        string fullPath = path.ToFullPath(Root);
        for (int attempt = 0; ; attempt++)
        {
            var result = ContentHasher.Hash(fullPath, requireText, cancellationToken);
            switch (result.Status)
            {
                case HashStatus.Ok when result.Stat.Size > _options.MaxFileSizeBytes:
                    return Skip(path, SkipReason.TooLarge, $"{result.Stat.Size} bytes");
                case HashStatus.Ok:
                    var stat = result.Stat;
                    return new ScanOneResult(new ScannedEntry(EntryKind.File, stat.Size, stat.MtimeNs, stat.Inode, result.Sha256) { Mode = FileModes.Of(stat.Mode) }, null);
                case HashStatus.Unstable when attempt < _options.UnstableRetries:
                    continue;
                case HashStatus.Unstable:
                    return Skip(path, SkipReason.Unstable);
                case HashStatus.NotText:
                    _knownBinary[path] = result.Stat;
                    return Skip(path, SkipReason.Binary, "content");
                case HashStatus.NotRegular:
                    return Skip(path, result.Stat.Kind == NodeKind.Other ? SkipReason.Special : SkipReason.Symlink);
                case HashStatus.Missing:
                    return ScanOneResult.Absent;
                default:
                    return Skip(path, SkipReason.Unreadable, result.Error);
            }
        }
    }

    private static ScanOneResult Skip(RelativePath path, SkipReason reason, string? detail = null) =>
        new(null, new SkippedEntry(path, reason, detail));
}
