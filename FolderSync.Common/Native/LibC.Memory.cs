using System.Runtime.InteropServices;

namespace FolderSync.Common.Native;

/// <summary>Handing freed malloc memory back to the OS (SQLite, OpenSSL and the runtime allocate through it).</summary>
internal static partial class LibC
{
    /// <summary>glibc only: releases the free pages of every arena; 1 when something was released.</summary>
    [LibraryImport(Lib, EntryPoint = "malloc_trim")]
    public static partial int MallocTrim(nuint pad);
}
