using System.Globalization;
using FolderSync.Common.Native;
using FolderSync.Common.Protocol;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.FileSystem;

/// <summary>
/// Keeps content that sync overwrites or deletes, as <c>&lt;dir&gt;/&lt;yyyyMMdd-HHmmss-fff&gt;/&lt;relative path&gt;</c>
/// (UTC stamp, one batch directory per kept entry). Same file system: a rename (or a hard link when
/// the original stays); otherwise a copy. <see cref="Prune(DateTimeOffset)"/> applies the <see cref="TrashRetention"/>.
/// Used by the client (under <c>StateDir/trash</c>) and by the server for its safety copies.
/// </summary>
public sealed class Trash : IDisposable
{
    private const string StampFormat = "yyyyMMdd-HHmmss-fff";
    private const uint FileMode = 0x1A4; // 0644

    private readonly TimeProvider _time;
    private readonly FolderRoot _root;
    private readonly Lock _stampLock = new();

    public Trash(string directory, TrashRetention? retention = null, TimeProvider? time = null)
    {
        Directory = directory;
        Retention = retention ?? TrashRetention.Default;
        _time = time ?? TimeProvider.System;
        System.IO.Directory.CreateDirectory(directory);
        _root = FolderRoot.Open(directory);
    }

    public string Directory { get; }

    public TrashRetention Retention { get; }

    /// <summary>The trash of a daemon's state directory: <c>&lt;stateDir&gt;/trash</c>.</summary>
    public static Trash ForStateDir(string stateDir, TrashRetention? retention = null, TimeProvider? time = null) =>
        new(Path.Combine(stateDir, "trash"), retention, time);

    /// <summary>Moves the file or directory at <paramref name="path"/> into the trash.</summary>
    /// <returns>Where it now is, or null when nothing was there.</returns>
    public string? Keep(FolderRoot root, RelativePath path)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var parent = root.TryOpenDirectory(path.Parent);
        var status = parent is null ? null : FolderRoot.StatAt(parent, path.Name, path.Value);
        return status?.Kind switch
        {
            null => null,
            NodeKind.File => KeepAt(parent!, path, move: true),
            NodeKind.Directory => TryMoveWhole(parent!, path, out string? kept) ? kept : throw new FileOperationException(
                $"{path}: the trash is on another file system; cannot keep a directory", path.Value, Errno.EXDEV),
            NodeKind.Symlink => throw FileSystemErrors.Symlink(path.Value),
            _ => throw new FileOperationException($"{path}: not a regular file", path.Value, Errno.EINVAL),
        };
    }

    /// <summary>Keeps a copy of the file at <paramref name="path"/>, leaving it in place.</summary>
    public string? KeepCopy(FolderRoot root, RelativePath path)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var parent = root.TryOpenDirectory(path.Parent);
        var status = parent is null ? null : FolderRoot.StatAt(parent, path.Name, path.Value);
        FolderRoot.RefuseNonFile(path, status);
        return status is null ? null : KeepAt(parent!, path, move: false);
    }

    /// <summary>
    /// Removes batches older than <see cref="TrashRetention.MaxAge"/>, then the oldest ones until the
    /// trash holds at most <see cref="TrashRetention.MaxBytes"/>.
    /// </summary>
    /// <returns>The bytes freed.</returns>
    public long Prune(DateTimeOffset now)
    {
        var batches = new List<(string Path, DateTimeOffset Stamp, long Bytes)>();
        foreach (string dir in System.IO.Directory.EnumerateDirectories(Directory))
        {
            string name = Path.GetFileName(dir);
            if (name.Length >= StampFormat.Length && DateTimeOffset.TryParseExact(
                name[..StampFormat.Length], StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stamp))
            {
                batches.Add((dir, stamp, SizeOf(dir)));
            }
        }

        batches.Sort((a, b) => a.Stamp.CompareTo(b.Stamp));
        long total = batches.Sum(b => b.Bytes);
        long freed = 0;
        foreach (var batch in batches)
        {
            if (now - batch.Stamp <= Retention.MaxAge && total <= Retention.MaxBytes)
            {
                break;
            }

            System.IO.Directory.Delete(batch.Path, recursive: true);
            total -= batch.Bytes;
            freed += batch.Bytes;
        }

        return freed;
    }

    /// <summary><see cref="Prune(DateTimeOffset)"/> at the trash's own clock.</summary>
    public long Prune() => Prune(_time.GetUtcNow());

    public void Dispose() => _root.Dispose();

    /// <summary>Keeps the regular file <paramref name="path"/> found in the open <paramref name="directory"/>.</summary>
    internal string KeepAt(SafeFileHandle directory, RelativePath path, bool move)
    {
        var (batch, destinationDir) = NewBatch(path);
        using (destinationDir)
        {
            int result = move
                ? LibC.RenameAt2(directory, path.Name, destinationDir, path.Name, LibC.RenameNoReplace)
                : LibC.LinkAt(directory, path.Name, destinationDir, path.Name, 0);
            if (result < 0)
            {
                int errno = FileSystemErrors.LastErrno;
                if (errno is not (Errno.EXDEV or Errno.EPERM or Errno.EINVAL or Errno.EMLINK))
                {
                    throw FileSystemErrors.Create(errno, move ? "move to trash" : "link to trash", path.Value);
                }

                Copy(directory, destinationDir, path);
                if (move && LibC.UnlinkAt(directory, path.Name, 0) < 0)
                {
                    FileSystemErrors.ThrowLast("unlink", path.Value);
                }
            }
        }

        return Path.Join(Directory, batch, path.Value);
    }

    /// <summary>Moves a whole directory into the trash in one rename; false when the trash is on another file system.</summary>
    internal bool TryMoveWhole(SafeFileHandle directory, RelativePath path) => TryMoveWhole(directory, path, out _);

    private bool TryMoveWhole(SafeFileHandle directory, RelativePath path, out string? kept)
    {
        var (batch, destinationDir) = NewBatch(path);
        using (destinationDir)
        {
            if (LibC.RenameAt2(directory, path.Name, destinationDir, path.Name, LibC.RenameNoReplace) < 0)
            {
                int errno = FileSystemErrors.LastErrno;
                kept = null;
                return errno == Errno.EXDEV ? false : throw FileSystemErrors.Create(errno, "move to trash", path.Value);
            }
        }

        kept = Path.Join(Directory, batch, path.Value);
        return true;
    }

    /// <summary>A fresh batch directory for <paramref name="path"/>, opened at the path's parent inside it.</summary>
    private (string Batch, SafeFileHandle Directory) NewBatch(RelativePath path)
    {
        string stamp = _time.GetUtcNow().ToString(StampFormat, CultureInfo.InvariantCulture);
        lock (_stampLock)
        {
            for (int attempt = 0; ; attempt++)
            {
                string batch = attempt == 0 ? stamp : $"{stamp}-{attempt}";
                var batchPath = RelativePath.Parse(batch);
                using var trashRoot = _root.OpenDirectory(null, create: false);
                if (LibC.MkdirAt(trashRoot, batch, FolderRoot.DirectoryMode) == 0)
                {
                    var target = RelativePath.Parse(batch + "/" + path.Value);
                    return (batch, _root.OpenDirectory(target.Parent, create: true));
                }

                if (FileSystemErrors.LastErrno != Errno.EEXIST)
                {
                    FileSystemErrors.ThrowLast("create trash batch", Path.Join(Directory, batchPath.Value));
                }
            }
        }
    }

    private static void Copy(SafeFileHandle fromDir, SafeFileHandle toDir, RelativePath path)
    {
        int inFd = LibC.OpenAt(fromDir, path.Name, LibC.ORdOnly | LibC.ONoFollow | LibC.OCloExec, 0);
        if (inFd < 0)
        {
            FileSystemErrors.ThrowLast("open for trash copy", path.Value);
        }

        using var source = new FileStream(new SafeFileHandle(inFd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
        int flags = LibC.OWrOnly | LibC.OCreat | LibC.OExcl | LibC.ONoFollow | LibC.OCloExec;
        int outFd = LibC.OpenAt(toDir, path.Name, flags, FileMode);
        if (outFd < 0)
        {
            FileSystemErrors.ThrowLast("create trash copy", path.Value);
        }

        using var destination = new FileStream(new SafeFileHandle(outFd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
        source.CopyTo(destination, 1 << 16);
        destination.Flush(flushToDisk: true);
    }

    private static long SizeOf(string directory) =>
        new DirectoryInfo(directory)
            .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true })
            .Sum(f => f.Length);
}
