using System.Threading.Channels;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Hosting;
using FolderSync.Common.Native;
using FolderSync.Common.Protocol;
using FolderSync.Common.Transfer;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.History;

/// <summary>
/// Feeds <see cref="HistoryStore"/> off the folder loop: the loop hands over a row and where its content lies (the
/// file as recorded, or bytes it already holds); a thread of its own at the lowest CPU priority reads and chunks it,
/// many rows per transaction. A file replaced before it was read gets its row without content. The queue is bounded:
/// when it is full (a first sync of more files than it holds) the row is written at once without content, and once
/// the queue runs dry each path's newest such row gets its content from the file if the file still holds it. History yields to the sync: a full disk or database drops the record, prunes
/// and is logged once, never failing the change that was being recorded. Retention runs at start and hourly.
/// </summary>
internal sealed class HistoryRecorder
{
    private const int LowestPriority = 19;
    private const int QueueCapacity = 4096;
    private const int SqliteFull = 13;
    private const int ReleaseAfterWrites = 256;
    private const int BatchRows = 256;
    private const long BatchBytes = 4L << 20;

    private readonly string _folder;
    private readonly HistoryStore _store;
    private readonly FolderRoot _root;
    private readonly HistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Queued> _queue = Channel.CreateBounded<Queued>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private int _pending;
    private int _fullLogged;
    private int _overflowed = 1; // a run stopped before it caught up leaves rows to fill in at the next start

    public HistoryRecorder(string folder, HistoryStore store, FolderRoot root, HistoryOptions options, TimeProvider time, ILogger logger)
    {
        _folder = folder;
        _store = store;
        _root = root;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public HistoryStore Store => _store;

    public bool Enabled => _options.Enabled;

    /// <summary>Rows queued or being read, not yet in the store.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>A content version of <paramref name="path"/> as it lies on disk now (size, mtime and inode of <paramref name="onDisk"/>).</summary>
    public void Content(RelativePath path, long sequence, long size, string sha256, string origin, FileStatus onDisk, string? note = null) =>
        Enqueue(new Queued(Entry(path, sequence, HistoryKind.Content, size, sha256, origin, note), path, onDisk, null));

    /// <summary>A content version whose bytes the caller holds (a merge input, a merge result).</summary>
    public void Content(RelativePath path, long sequence, string sha256, string origin, byte[] bytes, string? note = null) =>
        Enqueue(new Queued(Entry(path, sequence, HistoryKind.Content, bytes.Length, sha256, origin, note), null, null, bytes));

    public void Deleted(RelativePath path, long sequence, long lastSize, string lastSha256, string origin, string? note = null) =>
        Enqueue(new Queued(Entry(path, sequence, HistoryKind.Deleted, lastSize, lastSha256, origin, note), null, null, null));

    /// <summary>The bytes of a stored content, or null (not stored, pruned, or history off).</summary>
    public byte[]? TryRead(string sha256, long maxBytes)
    {
        try
        {
            using var buffer = new MemoryStream();
            return _store.CopyContent(sha256, buffer) && buffer.Length <= maxBytes ? buffer.ToArray() : null;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidDataException)
        {
            _logger.LogWarning("{Folder}: could not read history content {Sha256}: {Error}", _folder, sha256, ex.Message);
            return null;
        }
    }

    /// <summary>Applies retention now; on a full disk, halves the budget so the sync's own write can retry.</summary>
    public PruneResult? Prune(bool diskFull = false)
    {
        try
        {
            long budget = diskFull ? _store.StoredBytes / 2 : _options.MaxBytes;
            var result = _store.Prune(Now - TimeSpan.FromDays(_options.KeepDays), budget);
            if (result.VersionsRemoved > 0)
            {
                _logger.LogInformation("{Folder}: history retention removed {Versions} versions; {Bytes} bytes stored", _folder, result.VersionsRemoved, result.StoredBytes);
            }

            return result;
        }
        catch (Exception ex) when (ex is SqliteException or IOException)
        {
            _logger.LogWarning("{Folder}: history retention failed: {Error}", _folder, ex.Message);
            return null;
        }
    }

    /// <summary>The recording thread and the hourly retention pass, until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return Task.CompletedTask;
        }

        return Task.WhenAll(BackgroundThread.Start("history", () => Run(cancellationToken)), RetainAsync(cancellationToken));
    }

    private async Task RetainAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Run(() => Prune(), cancellationToken);
                await Task.Delay(TimeSpan.FromHours(1), _time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Enqueue(Queued pending)
    {
        if (!Enabled)
        {
            return;
        }

        Interlocked.Increment(ref _pending);
        if (_queue.Writer.TryWrite(pending))
        {
            return;
        }

        Interlocked.Decrement(ref _pending);
        Volatile.Write(ref _overflowed, 1);
        Save(pending.Entry, () => null);
    }

    private void Run(CancellationToken cancellationToken)
    {
        // Best effort, as ChunkBackfill: a thread may lower its own priority without privileges.
        _ = LibC.SetPriority(LibC.PrioProcess, LibC.GetTid(), LowestPriority);
        var batch = new List<Queued>(BatchRows);
        try
        {
            while (_queue.Reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                int written = 0;
                while (Take(batch))
                {
                    try
                    {
                        Write(batch);
                        written += batch.Count;
                    }
                    finally
                    {
                        Interlocked.Add(ref _pending, -batch.Count);
                        batch.Clear();
                    }
                }

                if (Interlocked.Exchange(ref _overflowed, 0) == 1)
                {
                    written += CatchUp();
                }

                // The queue ran dry after a burst (a first sync records every file): give back what reading it grew.
                if (written >= ReleaseAfterWrites)
                {
                    MemoryRelease.AfterBurst();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The folder is stopping: rows still queued are lost, the versions themselves are on disk.
        }
    }

    /// <summary>
    /// Takes queued rows into one transaction, up to <see cref="BatchRows"/> or <see cref="BatchBytes"/> of content,
    /// so the store's lock, which restores and merges wait for, is held for tens of milliseconds at most.
    /// </summary>
    private bool Take(List<Queued> batch)
    {
        long bytes = 0;
        while (batch.Count < BatchRows && bytes < BatchBytes && _queue.Reader.TryRead(out var pending))
        {
            batch.Add(pending);
            bytes += pending.Entry.Size;
        }

        return batch.Count > 0;
    }

    private void Write(List<Queued> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                _store.Record([.. batch.Select(p => (p.Entry, (Func<Stream?>)(() => Open(p))))]);
                return;
            }
            catch (Exception ex) when (ex is SqliteException or IOException or DiskFullException)
            {
                // One row that fails must not cost the others theirs: each again alone, with its own handling below.
            }
        }

        foreach (var pending in batch)
        {
            Save(pending.Entry, () => Open(pending));
        }
    }

    /// <summary>Gives the rows the full queue wrote without content their content, where the file still holds it.</summary>
    private int CatchUp()
    {
        int attached = 0;
        long after = 0;
        try
        {
            for (var rows = _store.Unstored(after, BatchRows); rows.Count > 0; rows = _store.Unstored(after, BatchRows))
            {
                after = rows[^1].Id;
                attached += _store.Attach([.. rows.Select(v => (v, (Func<Stream?>)(() => Open(v.Entry))))]);
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException or DiskFullException)
        {
            _logger.LogWarning("{Folder}: history could not catch up on versions recorded without content: {Error}", _folder, ex.Message);
        }

        return attached;
    }

    /// <summary>The file of <paramref name="entry"/> when it still has the entry's size; the store checks the hash.</summary>
    private FileStream? Open(HistoryEntry entry)
    {
        try
        {
            return RelativePath.TryParse(entry.Path, out var path) && _root.Stat(path) is { } now && now.Size == entry.Size ? _root.OpenRead(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The content to store for <paramref name="pending"/>, or null; the store asks only when it lacks that content.</summary>
    private Stream? Open(Queued pending)
    {
        if (pending.Bytes is { } bytes)
        {
            return new MemoryStream(bytes, writable: false);
        }

        if (pending.Path is not { } path || pending.OnDisk is not { } expected)
        {
            return null;
        }

        Stream? file = null;
        try
        {
            file = _root.OpenRead(path);
            // The store hashes what it reads: content that changed since the row was written is not kept under its hash.
            if (_root.Stat(path) is not { } now || !now.SameIdentity(expected.Size, expected.MtimeNs, expected.Inode))
            {
                return null;
            }

            (var opened, file) = (file, null);
            return opened;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            file?.Dispose();
        }
    }

    private void Save(HistoryEntry entry, Func<Stream?> open)
    {
        try
        {
            _store.Record([(entry, open)]);
        }
        catch (Exception ex) when (IsFull(ex))
        {
            if (Interlocked.Exchange(ref _fullLogged, 1) == 0)
            {
                _logger.LogWarning("{Folder}: the disk is full; history dropped the version of {Path} and prunes to make room (logged once)", _folder, entry.Path);
            }

            Prune(diskFull: true);
        }
        catch (Exception ex) when (ex is SqliteException or IOException)
        {
            _logger.LogWarning("{Folder}: history could not record {Path}: {Error}", _folder, entry.Path, ex.Message);
        }
    }

    private static bool IsFull(Exception ex) =>
        ex is SqliteException { SqliteErrorCode: SqliteFull } or DiskFullException || (ex is IOException io && (io.HResult & 0xFFFF) == Errno.ENOSPC);

    private HistoryEntry Entry(RelativePath path, long sequence, HistoryKind kind, long size, string sha256, string origin, string? note) =>
        new(path.Value, sequence, Now, kind, size, sha256, origin, note);

    private sealed record Queued(HistoryEntry Entry, RelativePath? Path, FileStatus? OnDisk, byte[]? Bytes);
}
