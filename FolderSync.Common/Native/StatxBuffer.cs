using System.Runtime.InteropServices;

namespace FolderSync.Common.Native;

/// <summary>struct statx (include/uapi/linux/stat.h): one layout on every architecture, unlike struct stat.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Inode;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(112)] public long MtimeSeconds;
    [FieldOffset(120)] public uint MtimeNanoseconds;
}
