using System.Runtime.InteropServices;
using FolderSync.Common.Native;

namespace FolderSync.Common.Watching;

/// <summary>
/// Walks the <c>struct inotify_event</c> records of one read(2) in place: no allocation, the name is a
/// slice of the buffer without its NUL padding.
/// </summary>
internal ref struct InotifyEventReader(ReadOnlySpan<byte> buffer)
{
    private ReadOnlySpan<byte> _rest = buffer;

    public bool TryRead(out int wd, out uint mask, out uint cookie, out ReadOnlySpan<byte> name)
    {
        if (_rest.Length < LibC.InotifyEventHeaderSize)
        {
            wd = 0;
            mask = cookie = 0;
            name = default;
            return false;
        }

        wd = MemoryMarshal.Read<int>(_rest);
        mask = MemoryMarshal.Read<uint>(_rest[4..]);
        cookie = MemoryMarshal.Read<uint>(_rest[8..]);
        int length = (int)Math.Min(MemoryMarshal.Read<uint>(_rest[12..]), (uint)(_rest.Length - LibC.InotifyEventHeaderSize));
        name = _rest.Slice(LibC.InotifyEventHeaderSize, length);
        int nul = name.IndexOf((byte)0);
        if (nul >= 0)
        {
            name = name[..nul];
        }

        _rest = _rest[(LibC.InotifyEventHeaderSize + length)..];
        return true;
    }
}
