using System.Runtime.InteropServices;

namespace FolderSync.Common.Watching;

/// <summary>libc inotify, poll and eventfd. Linux x64/arm64 layouts only.</summary>
internal static unsafe partial class InotifyNative
{
    public const int InNonBlock = 0x800;
    public const int InCloExec = 0x80000;

    public const uint InModify = 0x00000002;
    public const uint InAttrib = 0x00000004;
    public const uint InCloseWrite = 0x00000008;
    public const uint InMovedFrom = 0x00000040;
    public const uint InMovedTo = 0x00000080;
    public const uint InCreate = 0x00000100;
    public const uint InDelete = 0x00000200;
    public const uint InDeleteSelf = 0x00000400;
    public const uint InMoveSelf = 0x00000800;
    public const uint InUnmount = 0x00002000;
    public const uint InQOverflow = 0x00004000;
    public const uint InIgnored = 0x00008000;
    public const uint InOnlyDir = 0x01000000;
    public const uint InDontFollow = 0x02000000;
    public const uint InExclUnlink = 0x04000000;
    public const uint InIsDir = 0x40000000;

    /// <summary>What every directory watch asks for (DESIGN §5).</summary>
    public const uint WatchMask = InCreate | InCloseWrite | InModify | InDelete | InMovedFrom | InMovedTo
        | InDeleteSelf | InMoveSelf | InAttrib | InOnlyDir | InDontFollow | InExclUnlink;

    public const int EventHeaderSize = 16;

    public const int EfdNonBlock = 0x800;
    public const int EfdCloExec = 0x80000;

    public const short PollIn = 0x1;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int ENoSpc = 28;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    public static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "inotify_rm_watch", SetLastError = true)]
    public static partial int InotifyRmWatch(int fd, int wd);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
