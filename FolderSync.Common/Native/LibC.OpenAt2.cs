using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.Native;

/// <summary>openat2(2) (Linux 5.6): a whole relative path resolved in one call, refusing every symlink on the way.</summary>
internal static unsafe partial class LibC
{
    // include/uapi/linux/openat2.h
    public const ulong ResolveNoMagicLinks = 0x02;
    public const ulong ResolveNoSymlinks = 0x04;
    public const ulong ResolveBeneath = 0x08;

    /// <summary>The same number on x86-64 and arm64 (both take it from the generic table); glibc has no wrapper before 2.38.</summary>
    private const long SysOpenAt2 = 437;

    /// <summary>openat2 with <paramref name="resolve"/> flags; -1 and errno (ENOSYS on kernels before 5.6) on failure.</summary>
    public static int OpenAt2(SafeFileHandle dirFd, string path, int flags, ulong resolve)
    {
        var how = new OpenHow { Flags = (ulong)flags, Mode = 0, Resolve = resolve };
        byte[] name = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        bool added = false;
        try
        {
            dirFd.DangerousAddRef(ref added);
            fixed (byte* p = name)
            {
                return (int)Syscall(SysOpenAt2, dirFd.DangerousGetHandle(), (nint)p, (nint)(&how), sizeof(OpenHow));
            }
        }
        finally
        {
            if (added)
            {
                dirFd.DangerousRelease();
            }
        }
    }

    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, nint dirFd, nint path, nint how, nint size);

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }
}
