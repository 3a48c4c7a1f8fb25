using System.Runtime.InteropServices;

namespace FolderSync.Bench.Runner.Infra;

internal static partial class LibC
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
