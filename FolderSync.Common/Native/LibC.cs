using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.Native;

/// <summary>
/// Every libc call of the product (this file: files and directories; LibC.Inotify.cs: the watcher;
/// LibC.Process.cs: priority and signals). Each one that can fail sets errno for
/// <see cref="Marshal.GetLastPInvokeError"/>. Numbers that differ between architectures come from
/// <see cref="ArchitectureFlags"/>; every other constant here is the same on x86-64 and arm64.
/// </summary>
internal static unsafe partial class LibC
{
    // include/uapi/asm-generic/fcntl.h, which arm64 includes after its own four (see ArchitectureFlags).
    public const int ORdOnly = 0x0;
    public const int OWrOnly = 0x1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONoCtty = 0x100;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;
    public const int OPath = 0x200000;

    public static readonly int ODirectory = ArchitectureFlags.Current.ODirectory;
    public static readonly int ONoFollow = ArchitectureFlags.Current.ONoFollow;

    // include/uapi/linux/fcntl.h
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;

    public const uint RenameNoReplace = 1;

    // include/uapi/linux/stat.h
    public const uint StatxBasicStats = 0x7ff;
    public const uint SIfMt = 0xF000;
    public const uint SIfReg = 0x8000;
    public const uint SIfDir = 0x4000;
    public const uint SIfLnk = 0xA000;

    /// <summary>tv_nsec value that leaves the timestamp as it is (utimensat(2)).</summary>
    public const long UtimeOmit = (1L << 30) - 2;

    private const string Lib = "libc";

    /// <summary>
    /// AT_FDCWD (-100) for the *at calls that take a path from the current directory. Never closed; the
    /// marshaller only pins it, so the negative value reaches the kernel as is.
    /// </summary>
    public static SafeFileHandle AtFdCwd { get; } = new(-100, ownsHandle: false);

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Lib, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(SafeFileHandle dirFd, string path, int flags, uint mode);

    [LibraryImport(Lib, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkdirAt(SafeFileHandle dirFd, string path, uint mode);

    [LibraryImport(Lib, EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt(SafeFileHandle oldDirFd, string oldPath, SafeFileHandle newDirFd, string newPath);

    [LibraryImport(Lib, EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(SafeFileHandle oldDirFd, string oldPath, SafeFileHandle newDirFd, string newPath, uint flags);

    [LibraryImport(Lib, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LinkAt(SafeFileHandle oldDirFd, string oldPath, SafeFileHandle newDirFd, string newPath, int flags);

    [LibraryImport(Lib, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(SafeFileHandle dirFd, string path, int flags);

    /// <summary>statx has one layout on every Linux architecture (unlike struct stat), nanosecond mtime and the inode.</summary>
    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(SafeFileHandle dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport(Lib, EntryPoint = "futimens", SetLastError = true)]
    public static partial int Futimens(SafeFileHandle fd, Timespec* times);

    [LibraryImport(Lib, EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(SafeFileHandle fd);

    [LibraryImport(Lib, EntryPoint = "syncfs", SetLastError = true)]
    public static partial int Syncfs(SafeFileHandle fd);

    [LibraryImport(Lib, EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(SafeFileHandle fd, uint mode);

    [LibraryImport(Lib, EntryPoint = "fchmodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FchmodAt(SafeFileHandle dirFd, string path, uint mode, int flags);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(SafeFileHandle fd, byte* buffer, nint count);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(SafeFileHandle fd, byte* buffer, nint count);

    [LibraryImport(Lib, EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint FdOpenDir(int fd);

    /// <summary>Where d_name starts in the struct dirent readdir returns: d_ino(8) d_off(8) d_reclen(2) d_type(1) (glibc, 64-bit).</summary>
    public const int DirentNameOffset = 19;

    [LibraryImport(Lib, EntryPoint = "readdir", SetLastError = true)]
    public static partial nint ReadDir(nint dir);

    [LibraryImport(Lib, EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDir(nint dir);

    [LibraryImport(Lib, EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(SafeFileHandle fd);

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
