using FolderSync.Common.Sync;

namespace FolderSync.Common.Scanning;

/// <summary>What <c>statx</c> says about one path: the cheap change check (size, mtime ns, inode) and the type.</summary>
/// <param name="MtimeNs">Modification time in nanoseconds since the Unix epoch.</param>
/// <param name="Mode">The full <c>st_mode</c> (type and permission bits).</param>
public readonly record struct FileStat(FileType Type, long Size, long MtimeNs, long Inode, uint Mode)
{
    public bool IsSymlink => Type == FileType.Symlink;

    /// <summary>The sync kind of a regular file or directory; null for a symlink or special file.</summary>
    public EntryKind? Kind => Type switch
    {
        FileType.Regular => EntryKind.File,
        FileType.Directory => EntryKind.Directory,
        _ => null,
    };

    /// <summary>Same size, mtime and inode: the content is presumed unchanged (DESIGN §3).</summary>
    public bool SameIdentity(long size, long mtimeNs, long inode) => Size == size && MtimeNs == mtimeNs && Inode == inode;

    /// <summary>Stats <paramref name="path"/> without following a final symlink; null when it does not exist.</summary>
    public static FileStat? Lstat(string path) => NativeStat.Stat(path, followSymlink: false, out _);

    /// <inheritdoc cref="Lstat(string)"/>
    /// <param name="errno">0 on success, else the errno (ENOENT = 2, ENOTDIR = 20, EACCES = 13).</param>
    public static FileStat? Lstat(string path, out int errno) => NativeStat.Stat(path, followSymlink: false, out errno);

    /// <summary>Stats <paramref name="name"/> in the open <paramref name="directory"/> without following a symlink.</summary>
    /// <inheritdoc cref="Lstat(string, out int)" path="/param[@name='errno']"/>
    public static FileStat? LstatAt(Microsoft.Win32.SafeHandles.SafeFileHandle directory, string name, out int errno) => NativeStat.StatAt(directory, name, out errno);

    /// <summary>Stats <paramref name="path"/> following symlinks (for a configured folder root only).</summary>
    public static FileStat? Stat(string path) => NativeStat.Stat(path, followSymlink: true, out _);

    /// <summary>Stats an open file: what was actually read, whatever the path names now.</summary>
    public static FileStat Fstat(Microsoft.Win32.SafeHandles.SafeFileHandle handle) => NativeStat.Fstat(handle);
}
