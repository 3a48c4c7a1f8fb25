using FolderSync.Common.Native;
using FolderSync.Common.Protocol;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.FileSystem;

/// <summary>
/// A synced folder's root, held open as a directory fd. Every operation resolves its path from that fd
/// one component at a time with O_NOFOLLOW, so a directory swapped for a symlink fails (ELOOP/ENOTDIR
/// → <see cref="UnsafePathException"/>) instead of leading outside the root. Nothing is ever written,
/// renamed or deleted through a symlink. Thread-safe: the only state is the root fd.
/// </summary>
public sealed partial class FolderRoot : IDisposable
{
    internal const uint DirectoryMode = 0x1ED; // 0755
    private static readonly int DirectoryFlags = LibC.ORdOnly | LibC.ODirectory | LibC.ONoFollow | LibC.OCloExec;

    private static volatile bool _openAt2 = true;

    private readonly SafeFileHandle _root;

    private FolderRoot(string fullPath, SafeFileHandle root)
    {
        FullPath = fullPath;
        _root = root;
    }

    public string FullPath { get; }

    /// <summary>Opens <paramref name="fullPath"/> (the configured root may itself be a symlink; nothing below it may).</summary>
    public static FolderRoot Open(string fullPath)
    {
        int fd = LibC.Open(fullPath, LibC.ORdOnly | LibC.ODirectory | LibC.OCloExec, 0);
        if (fd < 0)
        {
            FileSystemErrors.ThrowLast("open folder root", fullPath);
        }

        return new FolderRoot(fullPath, new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>lstat of <paramref name="path"/>: null when it (or a parent) does not exist.</summary>
    /// <exception cref="UnsafePathException">A parent component is a symlink.</exception>
    public FileStatus? Stat(RelativePath path)
    {
        using var parent = TryOpenDirectory(path.Parent);
        return parent is null ? null : StatAt(parent, path.Name, path.Value);
    }

    /// <summary>fsyncs a directory, making renames and creates in it durable (callers batch these).</summary>
    public void SyncDirectory(RelativePath? directory)
    {
        using var dir = OpenDirectory(directory, create: false);
        if (LibC.Fsync(dir) < 0)
        {
            FileSystemErrors.ThrowLast("fsync directory", directory?.Value ?? ".");
        }
    }

    /// <summary>Makes every write on the folder's file system durable: one call for a whole batch of commits.</summary>
    public void SyncFileSystem()
    {
        if (LibC.Syncfs(_root) < 0)
        {
            throw FileSystemErrors.Last("syncfs", FullPath);
        }
    }

    public void Dispose() => _root.Dispose();

    /// <summary>lstat of one name in an open directory; null when absent.</summary>
    internal static FileStatus? StatAt(SafeFileHandle dir, string name, string pathForErrors) =>
        FileStatus.LstatAt(dir, name, out int errno)
        ?? (errno is Errno.ENOENT or Errno.ENOTDIR ? null : throw FileSystemErrors.Create(errno, "stat", pathForErrors));

    /// <summary>fstat of an open fd (statx with AT_EMPTY_PATH).</summary>
    internal static FileStatus StatHandle(SafeFileHandle fd, string pathForErrors) =>
        FileStatus.Fstat(fd, out int errno) ?? throw FileSystemErrors.Create(errno, "fstat", pathForErrors);

    /// <summary>
    /// Opens <paramref name="directory"/> (null: the root) beneath the root fd, no symlink followed: one openat2 for the
    /// whole path (every received file opens its directory twice), else a walk one component at a time with O_NOFOLLOW,
    /// which also creates what is missing and names the component that failed.
    /// </summary>
    /// <param name="create">Create missing directories (0755) on the way.</param>
    internal SafeFileHandle OpenDirectory(RelativePath? directory, bool create)
    {
        var current = new SafeFileHandle(_root.DangerousGetHandle(), ownsHandle: false);
        if (directory is not { } dir)
        {
            return current;
        }

        if (_openAt2)
        {
            int opened = LibC.OpenAt2(_root, dir.Value, DirectoryFlags, LibC.ResolveBeneath | LibC.ResolveNoSymlinks | LibC.ResolveNoMagicLinks);
            if (opened >= 0)
            {
                return new SafeFileHandle(opened, ownsHandle: true);
            }

            if (FileSystemErrors.LastErrno is Errno.ENOSYS or Errno.EPERM)
            {
                _openAt2 = false; // An old kernel, or a seccomp filter that refuses it: the walk does the same.
            }
        }

        int start = 0;
        while (start < dir.Value.Length)
        {
            int slash = dir.Value.IndexOf('/', start);
            int end = slash < 0 ? dir.Value.Length : slash;
            string name = dir.Value[start..end];
            string walked = dir.Value[..end];
            int fd = LibC.OpenAt(current, name, DirectoryFlags, 0);
            int errno = fd < 0 ? FileSystemErrors.LastErrno : 0;
            if (fd < 0 && errno == Errno.ENOENT && create)
            {
                if (LibC.MkdirAt(current, name, DirectoryMode) < 0 && FileSystemErrors.LastErrno != Errno.EEXIST)
                {
                    errno = FileSystemErrors.LastErrno;
                }
                else
                {
                    fd = LibC.OpenAt(current, name, DirectoryFlags, 0);
                    errno = fd < 0 ? FileSystemErrors.LastErrno : 0;
                }
            }

            if (fd < 0)
            {
                var error = WalkError(current, name, walked, errno);
                current.Dispose();
                throw error;
            }

            current.Dispose();
            current = new SafeFileHandle(fd, ownsHandle: true);
            start = end + 1;
        }

        return current;
    }

    /// <summary>As <see cref="OpenDirectory"/>, but null when a component is missing or is a regular file.</summary>
    internal SafeFileHandle? TryOpenDirectory(RelativePath? directory)
    {
        try
        {
            return OpenDirectory(directory, create: false);
        }
        catch (FileOperationException e) when (e is not UnsafePathException && e.Errno is Errno.ENOENT or Errno.ENOTDIR)
        {
            return null;
        }
    }

    private static FileOperationException WalkError(SafeFileHandle parent, string name, string walked, int errno)
    {
        if (errno is Errno.ELOOP or Errno.ENOTDIR)
        {
            var status = StatAt(parent, name, walked);
            if (status is { IsSymlink: true })
            {
                return FileSystemErrors.Symlink(walked);
            }

            if (errno == Errno.ENOTDIR || status is null)
            {
                return new FileOperationException($"{walked}: not a directory: {Errno.Describe(Errno.ENOTDIR)}", walked, Errno.ENOTDIR);
            }
        }

        return FileSystemErrors.Create(errno, "open directory", walked);
    }
}
