using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.Scanning;

/// <summary>
/// <c>statx(2)</c> and <c>open(2)</c> by P/Invoke. statx has one layout on every Linux architecture
/// (unlike <c>struct stat</c>) and gives nanosecond mtime and the inode, which FileSystemInfo does not.
/// </summary>
internal static unsafe partial class NativeStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    // struct statx offsets (include/uapi/linux/stat.h).
    private const int ModeOffset = 28;
    private const int InodeOffset = 32;
    private const int SizeOffset = 40;
    private const int MtimeOffset = 112;

    private const uint TypeMask = 0xF000;
    private const uint TypeDirectory = 0x4000;
    private const uint TypeRegular = 0x8000;
    private const uint TypeSymlink = 0xA000;

    private const int ORdOnly = 0;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;

    // O_NOFOLLOW is one of the few open flags that differ between architectures.
    private static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    public static FileStat? Stat(string path, bool followSymlink, out int errno)
    {
        byte* buffer = stackalloc byte[StatxSize];
        int flags = followSymlink ? 0 : AtSymlinkNoFollow;
        if (statx(AtFdCwd, path, flags, StatxBasicStats, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        return Decode(new ReadOnlySpan<byte>(buffer, StatxSize));
    }

    /// <summary>lstat of <paramref name="name"/> relative to an open directory.</summary>
    public static FileStat? StatAt(SafeFileHandle directory, string name, out int errno)
    {
        byte* buffer = stackalloc byte[StatxSize];
        bool added = false;
        try
        {
            directory.DangerousAddRef(ref added);
            if (statx((int)directory.DangerousGetHandle(), name, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return null;
            }
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }

        errno = 0;
        return Decode(new ReadOnlySpan<byte>(buffer, StatxSize));
    }

    public static FileStat Fstat(SafeFileHandle handle)
    {
        byte* buffer = stackalloc byte[StatxSize];
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStats, buffer) != 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        return Decode(new ReadOnlySpan<byte>(buffer, StatxSize));
    }

    /// <summary>
    /// Opens a file for reading without following a symlink in its last component (O_NOFOLLOW), and
    /// without blocking should a FIFO have been swapped in. Null with the errno when it fails.
    /// </summary>
    public static SafeFileHandle? OpenForRead(string path, out int errno)
    {
        int fd = open(path, ORdOnly | ONoFollow | OCloExec | ONoCtty | ONonBlock);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static FileStat Decode(ReadOnlySpan<byte> statx)
    {
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(statx[ModeOffset..]);
        long inode = (long)BinaryPrimitives.ReadUInt64LittleEndian(statx[InodeOffset..]);
        long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(statx[SizeOffset..]);
        long seconds = BinaryPrimitives.ReadInt64LittleEndian(statx[MtimeOffset..]);
        uint nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(statx[(MtimeOffset + 8)..]);
        var type = (mode & TypeMask) switch
        {
            TypeRegular => FileType.Regular,
            TypeDirectory => FileType.Directory,
            TypeSymlink => FileType.Symlink,
            _ => FileType.Other,
        };
        return new FileStat(type, size, (seconds * 1_000_000_000) + nanoseconds, inode, mode);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);
}
