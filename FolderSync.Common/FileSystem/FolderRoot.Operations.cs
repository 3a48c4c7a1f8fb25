using FolderSync.Common.Native;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.FileSystem;

/// <summary>Verified single-entry operations: each re-stats (lstat) and compares before acting.</summary>
public sealed partial class FolderRoot
{
    /// <summary>Starts an atomic write of <paramref name="target"/> (see <see cref="AtomicFileWriter"/>).</summary>
    public AtomicFileWriter BeginWrite(RelativePath target, bool createParents = true) =>
        AtomicFileWriter.Begin(this, target, createParents);

    /// <summary>Creates <paramref name="path"/> and missing parents (0755); an existing directory is fine.</summary>
    public void CreateDirectory(RelativePath path)
    {
        using var dir = OpenDirectory(path, create: true);
    }

    /// <summary>
    /// Deletes a regular file if it matches <paramref name="expectation"/>; with a trash, moves it there
    /// instead. Absent and <see cref="ExpectedTarget.Any"/> or <see cref="ExpectedTarget.Absent"/>: nothing to do.
    /// </summary>
    /// <exception cref="UnsafePathException">The path or a parent is a symlink (left alone).</exception>
    /// <exception cref="TargetChangedException">The file is not what the caller scanned.</exception>
    public void DeleteFile(RelativePath path, ExpectedTarget expectation, Trash? trash = null)
    {
        using var parent = TryOpenDirectory(path.Parent);
        var actual = parent is null ? null : StatAt(parent, path.Name, path.Value);
        RefuseNonFile(path, actual);
        if (!expectation.Matches(actual))
        {
            throw new TargetChangedException(path.Value, expectation, actual);
        }

        if (actual is null)
        {
            return;
        }

        if (trash is not null)
        {
            trash.KeepAt(parent!, path, move: true);
        }
        else if (LibC.UnlinkAt(parent!, path.Name, 0) < 0)
        {
            FileSystemErrors.ThrowLast("unlink", path.Value);
        }
    }

    /// <summary>Removes an empty directory; absent is fine, non-empty is an ENOTEMPTY per-path error.</summary>
    public void RemoveDirectory(RelativePath path)
    {
        using var parent = TryOpenDirectory(path.Parent);
        var actual = parent is null ? null : StatAt(parent, path.Name, path.Value);
        if (actual is null)
        {
            return;
        }

        if (actual.Value.Kind != NodeKind.Directory)
        {
            throw actual.Value.IsSymlink
                ? FileSystemErrors.Symlink(path.Value)
                : new FileOperationException($"{path}: not a directory", path.Value, Errno.ENOTDIR);
        }

        if (LibC.UnlinkAt(parent!, path.Name, LibC.AtRemoveDir) < 0)
        {
            FileSystemErrors.ThrowLast("rmdir", path.Value);
        }
    }

    /// <summary>
    /// Renames <paramref name="from"/> (a file or directory matching <paramref name="expectation"/>) to
    /// <paramref name="to"/>, creating its parents; never replaces an existing entry (RENAME_NOREPLACE).
    /// </summary>
    /// <returns>The moved entry's status at its new path.</returns>
    /// <exception cref="TargetChangedException">The source changed, or something exists at the destination.</exception>
    public FileStatus Move(RelativePath from, RelativePath to, ExpectedTarget expectation)
    {
        if (to.IsSameOrUnder(from))
        {
            throw new FileOperationException($"{from}: cannot move into itself ({to})", from.Value, Errno.EINVAL);
        }

        using var fromParent = OpenDirectory(from.Parent, create: false);
        var actual = StatAt(fromParent, from.Name, from.Value);
        if (actual is { Kind: NodeKind.Symlink })
        {
            throw FileSystemErrors.Symlink(from.Value);
        }

        if (actual is null || actual.Value.Kind == NodeKind.Other || !expectation.Matches(actual))
        {
            throw new TargetChangedException(from.Value, expectation, actual);
        }

        using var toParent = OpenDirectory(to.Parent, create: true);
        RenameNoReplace(fromParent, from.Name, toParent, to.Name, to.Value);
        return StatAt(toParent, to.Name, to.Value) ?? throw new TargetChangedException(to.Value, expectation, null);
    }

    /// <summary>
    /// A metadata-only change: gives the regular file at <paramref name="path"/> the permission bits <paramref name="mode"/>
    /// (&amp; 0777) if it matches <paramref name="expectation"/>. Never through a symlink: the file is opened O_PATH|O_NOFOLLOW,
    /// checked on that descriptor, and changed through it (fchmodat cannot refuse a symlink on Linux, fchmod refuses O_PATH).
    /// </summary>
    /// <returns>The file's status after the change (a chmod moves neither size, mtime nor inode).</returns>
    /// <exception cref="TargetChangedException">The file is not what the caller scanned; its mode is left alone.</exception>
    public FileStatus SetMode(RelativePath path, int mode, ExpectedTarget expectation)
    {
        using var parent = OpenDirectory(path.Parent, create: false);
        int fd = LibC.OpenAt(parent, path.Name, LibC.OPath | LibC.ONoFollow | LibC.OCloExec, 0);
        if (fd < 0)
        {
            int errno = FileSystemErrors.LastErrno;
            throw errno == Errno.ENOENT
                ? new TargetChangedException(path.Value, expectation, null)
                : FileSystemErrors.Create(errno, "open", path.Value);
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var actual = StatHandle(handle, path.Value);
        RefuseNonFile(path, actual);
        if (!expectation.Matches(actual))
        {
            throw new TargetChangedException(path.Value, expectation, actual);
        }

        if (LibC.FchmodAt(LibC.AtFdCwd, $"/proc/self/fd/{fd}", (uint)(mode & FileModes.Mask), 0) < 0)
        {
            FileSystemErrors.ThrowLast("chmod", path.Value);
        }

        return StatHandle(handle, path.Value);
    }

    /// <summary>Opens a regular file for reading without following symlinks (uploads stream it).</summary>
    public FileStream OpenRead(RelativePath path)
    {
        using var parent = OpenDirectory(path.Parent, create: false);
        // O_NONBLOCK so a FIFO planted at the path cannot block us; it has no effect on regular files.
        int fd = LibC.OpenAt(parent, path.Name, LibC.ORdOnly | LibC.ONoFollow | LibC.OCloExec | LibC.ONonBlock, 0);
        if (fd < 0)
        {
            int errno = FileSystemErrors.LastErrno;
            throw errno == Errno.ELOOP ? FileSystemErrors.Symlink(path.Value) : FileSystemErrors.Create(errno, "open", path.Value);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var status = StatHandle(handle, path.Value);
        if (status.Kind != NodeKind.File)
        {
            handle.Dispose();
            throw new FileOperationException($"{path}: not a regular file ({status.Kind})", path.Value, Errno.EISDIR);
        }

        return new FileStream(handle, FileAccess.Read, bufferSize: 0);
    }

    /// <summary>renameat2(RENAME_NOREPLACE); where the file system lacks it, check then rename.</summary>
    internal static void RenameNoReplace(SafeFileHandle fromDir, string fromName, SafeFileHandle toDir, string toName, string toPath)
    {
        if (LibC.RenameAt2(fromDir, fromName, toDir, toName, LibC.RenameNoReplace) == 0)
        {
            return;
        }

        int errno = FileSystemErrors.LastErrno;
        if (errno == Errno.EEXIST)
        {
            throw new TargetChangedException(toPath, ExpectedTarget.Absent, StatAt(toDir, toName, toPath));
        }

        if (errno is not (Errno.EINVAL or Errno.ENOSYS or Errno.EOPNOTSUPP))
        {
            throw FileSystemErrors.Create(errno, "rename", toPath);
        }

        // Small race left open here, only on file systems without RENAME_NOREPLACE.
        var existing = StatAt(toDir, toName, toPath);
        if (existing is not null)
        {
            throw new TargetChangedException(toPath, ExpectedTarget.Absent, existing);
        }

        if (LibC.RenameAt(fromDir, fromName, toDir, toName) < 0)
        {
            FileSystemErrors.ThrowLast("rename", toPath);
        }
    }

    internal static void RefuseNonFile(RelativePath path, FileStatus? actual)
    {
        switch (actual?.Kind)
        {
            case NodeKind.Symlink:
                throw FileSystemErrors.Symlink(path.Value);
            case NodeKind.Directory:
                throw new FileOperationException($"{path}: is a directory", path.Value, Errno.EISDIR);
            case NodeKind.Other:
                throw new FileOperationException($"{path}: not a regular file", path.Value, Errno.EINVAL);
            default:
                break;
        }
    }
}
