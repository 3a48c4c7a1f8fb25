using FolderSync.Common.FileSystem;
using FolderSync.Common.Native;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.Scanning;

public sealed partial class Scanner
{
    private ScanResult Walk(RelativePath? start, Func<RelativePath, FileRecord?> previous, CancellationToken cancellationToken)
    {
        if (!RootIsDirectory())
        {
            return ScanResult.Missing;
        }

        var filter = CurrentFilter();
        var collector = new ScanCollector();
        var directories = new Stack<RelativePath?>();
        if (start is { } first)
        {
            var one = ScanOne(first, previous, out bool hashedFirst);
            collector.Add(first, one);
            if (one.RootMissing)
            {
                return ScanResult.Missing;
            }

            if (one.Entry is not { Kind: EntryKind.Directory })
            {
                return collector.ToResult(hashedFirst ? 1 : 0);
            }
        }

        directories.Push(start);
        while (directories.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string fullDirectory = directory is { } d ? d.ToFullPath(Root) : Root;
            try
            {
                // One open per directory; each entry is then stat'ed by name relative to it (no path walk from /).
                using var handle = OpenDirectory(fullDirectory, followSymlink: directory is null);
                var undecodable = new List<string>();
                foreach (string name in DirectoryReader.ReadNames(handle, fullDirectory, undecodable))
                {
                    string candidate = directory is { } parent ? parent.Value + "/" + name : name;
                    if (RelativePath.TryParse(candidate, out var path, out string? error))
                    {
                        VisitChild(handle, name, path, filter, previous, collector, directories);
                    }
                    else if (directory is { } holder)
                    {
                        collector.Skipped.Add(new SkippedEntry(holder, SkipReason.BadName, $"holds '{name}': {error}"));
                    }
                }

                foreach (string name in undecodable)
                {
                    // Shown with \xNN for the bytes that are not UTF-8; no other side could name the file.
                    string shown = directory is { } parent ? parent.Value + "/" + name : name;
                    if (RelativePath.TryParse(shown, out var path))
                    {
                        collector.Skipped.Add(new SkippedEntry(path, SkipReason.BadName, "the name is not valid UTF-8"));
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (directory is not { } unreadable)
                {
                    return ScanResult.Missing; // an unlistable root must halt, not read as "all deleted"
                }

                collector.Entries.Remove(unreadable);
                collector.Skipped.Add(new SkippedEntry(unreadable, SkipReason.Unreadable, e.Message));
            }
        }

        int hashed = HashPending(collector, cancellationToken);
        if (start is null)
        {
            // A full walk saw every binary file that still exists: forget the others.
            var stillBinary = collector.Skipped.Where(s => s.Reason == SkipReason.Binary).Select(s => s.Path).ToHashSet();
            foreach (var path in _knownBinary.Keys.Where(p => !stillBinary.Contains(p)))
            {
                _knownBinary.TryRemove(path, out _);
            }
        }

        return collector.ToResult(hashed);
    }

    private static SafeFileHandle OpenDirectory(string fullPath, bool followSymlink)
    {
        int fd = LibC.Open(fullPath, LibC.ORdOnly | LibC.ODirectory | LibC.OCloExec | (followSymlink ? 0 : LibC.ONoFollow), 0);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw FileSystemErrors.Last("open", fullPath);
    }

    private void VisitChild(SafeFileHandle directory, string name, RelativePath path, PathFilter filter, Func<RelativePath, FileRecord?> previous, ScanCollector collector, Stack<RelativePath?> directories)
    {
        var stat = FileStatus.LstatAt(directory, name, out int errno);
        if (stat is not { } found)
        {
            if (errno is not (Errno.ENOENT or Errno.ENOTDIR))
            {
                collector.Skipped.Add(new SkippedEntry(path, SkipReason.Unreadable, Errno.Describe(errno)));
            }

            return; // vanished since the listing
        }

        bool isDirectory = found.Kind == NodeKind.Directory;
        switch (filter.Check(path, isDirectory))
        {
            case SkipReason.Hidden or SkipReason.Temporary:
                if (found.Kind == NodeKind.File && AtomicFileWriter.IsTempName(name))
                {
                    collector.OwnTempFiles.Add(path);
                }

                return;
            case { } reason:
                collector.Skipped.Add(new SkippedEntry(path, reason));
                return;
        }

        switch (found.Kind)
        {
            case NodeKind.Directory:
                collector.Entries[path] = new ScannedEntry(EntryKind.Directory, 0, found.MtimeNs, found.Inode, string.Empty);
                directories.Push(path);
                break;
            case NodeKind.File:
                ConsiderFile(path, found, previous, collector);
                break;
            case NodeKind.Symlink:
                collector.Skipped.Add(new SkippedEntry(path, SkipReason.Symlink));
                break;
            default:
                collector.Skipped.Add(new SkippedEntry(path, SkipReason.Special));
                break;
        }
    }
}
