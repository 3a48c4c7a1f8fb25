using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// Makes one batch of applied downloads durable (syncfs) on a background thread while the folder loop applies the
/// next, so the loop does not stop receiving while the disk flushes. The rows stay uncommitted until the loop takes
/// the batch back (<see cref="TakeFlushed"/>) after the flush: a row is never committed before its file is durable,
/// and the resume point, which commits everything first, never passes a row still in flight. At most one batch flushes.
/// </summary>
internal sealed class AppliedRowsFlusher(Action syncData, ILogger logger)
{
    private static readonly Dictionary<RelativePath, FileRecord> None = [];

    private FileRecord[]? _rows;
    private Dictionary<RelativePath, FileRecord> _byPath = None;
    private Task<bool>? _flush;

    /// <summary>The rows of the batch in flight by path (none when nothing flushes): looked up once per received file.</summary>
    public IReadOnlyDictionary<RelativePath, FileRecord> Rows => _byPath;

    /// <summary>Flushes on the caller's thread; false when the files of the <paramref name="count"/> rows are not known to be durable.</summary>
    public bool FlushNow(int count)
    {
        try
        {
            syncData();
            return true;
        }
        catch (IOException ex)
        {
            // No row claims them: the next scan finds the files and the server's hashes match them.
            logger.LogError("Could not flush the folder's file system, {Count} received files stay unrecorded: {Error}", count, ex.Message);
            return false;
        }
    }

    /// <summary>Starts flushing the files of <paramref name="rows"/>; the batch before must have been taken.</summary>
    public void Start(FileRecord[] rows)
    {
        if (_flush is not null)
        {
            throw new InvalidOperationException("A batch of applied rows is still in flight.");
        }

        _rows = rows;
        _byPath = rows.ToDictionary(r => r.Path);
        _flush = Task.Factory.StartNew(() => FlushNow(rows.Length), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// The rows in flight once their files are durable (waiting for the flush when <paramref name="wait"/>); null when
    /// none is in flight, it is still flushing, or it failed (then the rows are dropped, unrecorded).
    /// </summary>
    public FileRecord[]? TakeFlushed(bool wait)
    {
        if (_flush is not { } flush || (!wait && !flush.IsCompleted))
        {
            return null;
        }

        var rows = _rows;
        _flush = null;
        _rows = null;
        _byPath = None;
        return flush.GetAwaiter().GetResult() ? rows : null;
    }
}
