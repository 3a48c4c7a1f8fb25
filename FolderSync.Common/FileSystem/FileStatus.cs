using FolderSync.Common.Native;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.FileSystem;

/// <summary>
/// An entry as statx sees it: the cheap change check (size, mtime ns, inode) and the kind. The lookups
/// return null with the errno instead of throwing: a scan meets vanished files all the time.
/// </summary>
/// <param name="MtimeNs">Modification time in nanoseconds since the Unix epoch.</param>
/// <param name="Inode">st_ino as the state table stores it (a signed 64-bit column): compared, never ordered.</param>
/// <param name="Mode">Permission bits (st_mode &amp; 07777).</param>
public readonly record struct FileStatus(NodeKind Kind, long Size, long MtimeNs, long Inode, uint Mode)
{
    public bool IsSymlink => Kind == NodeKind.Symlink;

    /// <summary>Same size, mtime and inode: the content is presumed unchanged (DESIGN §3).</summary>
    public bool SameIdentity(long size, long mtimeNs, long inode) => Size == size && MtimeNs == mtimeNs && Inode == inode;

    /// <summary>Stats <paramref name="path"/> without following a final symlink; null when it does not exist.</summary>
    public static FileStatus? Lstat(string path) => Lstat(path, out _);

    /// <inheritdoc cref="Lstat(string)"/>
    /// <param name="errno">0 on success, else the <see cref="Errno"/>.</param>
    public static FileStatus? Lstat(string path, out int errno) => Get(LibC.AtFdCwd, path, LibC.AtSymlinkNoFollow, out errno);

    /// <summary>Stats <paramref name="name"/> in the open <paramref name="directory"/> without following a symlink.</summary>
    /// <inheritdoc cref="Lstat(string, out int)" path="/param[@name='errno']"/>
    public static FileStatus? LstatAt(SafeFileHandle directory, string name, out int errno) =>
        Get(directory, name, LibC.AtSymlinkNoFollow, out errno);

    /// <summary>Stats <paramref name="path"/> following symlinks (for a configured folder root only).</summary>
    public static FileStatus? Stat(string path) => Get(LibC.AtFdCwd, path, 0, out _);

    /// <summary>Stats an open file: what was actually read or written, whatever the path names now.</summary>
    /// <inheritdoc cref="Lstat(string, out int)" path="/param[@name='errno']"/>
    public static FileStatus? Fstat(SafeFileHandle handle, out int errno) =>
        Get(handle, string.Empty, LibC.AtEmptyPath | LibC.AtSymlinkNoFollow, out errno);

    private static FileStatus? Get(SafeFileHandle directory, string path, int flags, out int errno)
    {
        if (LibC.Statx(directory, path, flags, LibC.StatxBasicStats, out var stx) != 0)
        {
            errno = FileSystemErrors.LastErrno;
            return null;
        }

        errno = 0;
        var kind = (stx.Mode & LibC.SIfMt) switch
        {
            LibC.SIfReg => NodeKind.File,
            LibC.SIfDir => NodeKind.Directory,
            LibC.SIfLnk => NodeKind.Symlink,
            _ => NodeKind.Other,
        };
        long mtimeNs = (stx.MtimeSeconds * 1_000_000_000L) + stx.MtimeNanoseconds;
        return new FileStatus(kind, (long)stx.Size, mtimeNs, (long)stx.Inode, stx.Mode & 0xFFFu);
    }
}
