namespace FolderSync.Common.FileSystem;

/// <summary>An entry as lstat (statx with AT_SYMLINK_NOFOLLOW) sees it; absence is <c>null</c>.</summary>
/// <param name="MtimeNs">Modification time in nanoseconds since the Unix epoch.</param>
/// <param name="Mode">Permission bits (st_mode &amp; 07777).</param>
public readonly record struct FileStatus(NodeKind Kind, long Size, long MtimeNs, ulong Inode, uint Mode)
{
    public bool IsSymlink => Kind == NodeKind.Symlink;

    internal static FileStatus From(in StatxBuffer stx)
    {
        var kind = (stx.Mode & LibC.SIfMt) switch
        {
            LibC.SIfReg => NodeKind.File,
            LibC.SIfDir => NodeKind.Directory,
            LibC.SIfLnk => NodeKind.Symlink,
            _ => NodeKind.Other,
        };
        long mtimeNs = (stx.MtimeSeconds * 1_000_000_000L) + stx.MtimeNanoseconds;
        return new FileStatus(kind, (long)stx.Size, mtimeNs, stx.Inode, stx.Mode & 0xFFFu);
    }
}
