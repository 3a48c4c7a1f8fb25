using System.Threading.Channels;
using FolderSync.Common.Delta;
using FolderSync.Common.State;

namespace FolderSync.Common.Engine;

/// <summary>
/// Chunk lists of recorded versions that no delta was planned from (new files, accepted uploads), computed
/// off the folder loop after the version was pushed: such a list is only the base of the next delta, so a
/// first sync does not wait for a chunking pass over every large file. One file at a time, so it takes at
/// most one core from the transfers it runs beside. A version replaced in the meantime is skipped.
/// </summary>
internal sealed class ChunkBackfill(Func<FileRecord, ChunkList?> chunk, WorkQueue queue, Action<FileRecord, ChunkList> record)
{
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

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var version in _versions.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    if (chunk(version) is { } chunks)
                    {
                        await queue.Post(() => record(version, chunks));
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
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
