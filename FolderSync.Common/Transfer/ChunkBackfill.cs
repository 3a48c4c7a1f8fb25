using System.Threading.Channels;
using FolderSync.Common.Delta;
using FolderSync.Common.Folders;
using FolderSync.Common.Native;
using FolderSync.Common.State;

namespace FolderSync.Common.Transfer;

/// <summary>
/// Chunk lists of recorded versions that no delta was planned from (new files, accepted uploads), computed
/// off the folder loop after the version was pushed: such a list is only the base of the next delta, so a
/// first sync does not wait for a chunking pass over every large file. One file at a time, on a thread of its
/// own at the lowest CPU priority (nice 19): during a first sync of large files both daemons' transfer work
/// would otherwise share the cores with ~0.3 s of chunking per 64 MiB on each side; at nice 19 it takes
/// only CPU time nothing else wants. A version replaced in the meantime is skipped.
/// </summary>
internal sealed class ChunkBackfill(Func<FileRecord, ChunkList?> chunk, WorkQueue queue, Action<FileRecord, ChunkList> record)
{
    private const int LowestPriority = 19;

    private readonly Channel<FileRecord> _versions = Channel.CreateUnbounded<FileRecord>(new UnboundedChannelOptions { SingleReader = true });
    private int _pending;

    /// <summary>Versions queued or being chunked, whose list is not recorded yet.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public void Enqueue(FileRecord version)
    {
        Interlocked.Increment(ref _pending);
        if (!_versions.Writer.TryWrite(version))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires, on a dedicated thread (its priority is its own).</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        return BackgroundThread.Start("chunk backfill", () => Run(cancellationToken));
    }

    private void Run(CancellationToken cancellationToken)
    {
        // A thread may lower its own priority without privileges (it could not raise it back: hence the thread).
        // Best effort: where setpriority is refused the lists are still computed, only at normal priority.
        _ = LibC.SetPriority(LibC.PrioProcess, LibC.GetTid(), LowestPriority);
        try
        {
            while (_versions.Reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                while (_versions.Reader.TryRead(out var version))
                {
                    try
                    {
                        if (chunk(version) is { } chunks)
                        {
                            queue.Post(() => record(version, chunks)).GetAwaiter().GetResult();
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _pending);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The folder is stopping: a list not recorded now is computed again after the next change.
        }
        finally
        {
            _versions.Writer.TryComplete();
        }
    }
}
