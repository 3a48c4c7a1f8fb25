using FolderSync.Common.Native;

namespace FolderSync.Common.Hosting;

/// <summary>
/// Hands back to the OS the heap a burst of work grew. A daemon idles most of its life, and an idle process
/// allocates too little to trigger the collection that would shrink it: after a first sync of 10,000 files
/// the client kept ~20 MB of dead gen0/gen1 regions resident (docs/benchmarks.md, Profiles); the server, after its
/// start-up scan and after its history recorder drained a first sync's versions, likewise.
/// </summary>
public static class MemoryRelease
{
    private static bool _noMallocTrim;

    /// <summary>
    /// One blocking, compacting full collection that also decommits the freed regions (a few ms), then the same for
    /// the C heap: a first sync leaves SQLite's and OpenSSL's freed blocks in glibc's per-thread arenas (~4 MiB).
    /// </summary>
    public static void AfterBurst()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!_noMallocTrim)
        {
            try
            {
                _ = LibC.MallocTrim(0);
            }
            catch (EntryPointNotFoundException)
            {
                // Not glibc (musl has no malloc_trim): its heap is what it is.
                _noMallocTrim = true;
            }
        }
    }
}
