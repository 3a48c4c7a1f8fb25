using System.Runtime.InteropServices;

namespace FolderSync.Common.Native;

/// <summary>A thread's own priority (the chunk backfill) and the test-only self-kill (FaultInjection).</summary>
internal static partial class LibC
{
    /// <summary>include/uapi/linux/resource.h</summary>
    public const int PrioProcess = 0;

    /// <summary>include/uapi/asm-generic/signal.h (x86-64's own signal.h has the same number)</summary>
    public const int SigKill = 9;

    /// <summary>With <see cref="PrioProcess"/> and a thread id, sets that one thread's nice value.</summary>
    [LibraryImport(Lib, EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, int who, int priority);

    [LibraryImport(Lib, EntryPoint = "gettid")]
    public static partial int GetTid();

    [LibraryImport(Lib, EntryPoint = "kill")]
    public static partial int Kill(int pid, int signal);
}
