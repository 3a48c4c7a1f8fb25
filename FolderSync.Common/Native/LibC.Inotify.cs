using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.Native;

/// <summary>inotify, and the eventfd and poll its reader thread waits on (include/uapi/linux/inotify.h, eventfd.h, asm-generic/poll.h).</summary>
internal static unsafe partial class LibC
{
    public const int InNonBlock = ONonBlock;
    public const int InCloExec = OCloExec;

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

    /// <summary>struct inotify_event before its name: wd, mask, cookie, len.</summary>
    public const int InotifyEventHeaderSize = 16;

    public const int EfdNonBlock = ONonBlock;
    public const int EfdCloExec = OCloExec;

    public const short PollIn = 0x1;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Lib, EntryPoint = "inotify_init1", SetLastError = true)]
    public static partial int InotifyInit1(int flags);

    [LibraryImport(Lib, EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int InotifyAddWatch(SafeFileHandle fd, string path, uint mask);

    [LibraryImport(Lib, EntryPoint = "inotify_rm_watch", SetLastError = true)]
    public static partial int InotifyRmWatch(SafeFileHandle fd, int wd);

    [LibraryImport(Lib, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);
}
