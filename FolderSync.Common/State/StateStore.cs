using System.Globalization;
using FolderSync.Common.Protocol;
using Microsoft.Data.Sqlite;

namespace FolderSync.Common.State;

/// <summary>
/// The SQLite state of one folder on one side (docs/sync-model.md): <c>file_state</c> and <c>meta</c>.
/// Thread-safe. Reads go through a dedicated reader connection under a lock and see committed data
/// only (WAL gives them a snapshot while a batch writes). Writes go through <see cref="BeginBatch"/>, one
/// batch at a time on the writer connection; a second BeginBatch waits until the first is disposed.
/// Inside a batch, <see cref="StateBatch.Get"/> reads its own uncommitted writes.
/// </summary>
public sealed partial class StateStore : IDisposable
{
    private const int BusyTimeoutMs = 5000;
    private const int CacheKiB = 512;

    private readonly SqliteConnection _reader;
    private readonly SqliteConnection _writer;
    private readonly Lock _readLock = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteCommand? _get;
    private int _writerThread;
    private bool _disposed;

    private StateStore(string databasePath, SqliteConnection reader, SqliteConnection writer)
    {
        DatabasePath = databasePath;
        _reader = reader;
        _writer = writer;
    }

    public string DatabasePath { get; }

    /// <summary>Opens (creating if needed) the state database at <paramref name="databasePath"/> and migrates it.</summary>
    public static StateStore Open(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // No pooling: Dispose must really close the file, so the WAL is checkpointed and a reopen is clean.
        string connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();

        var writer = OpenConnection(connectionString);
        SqliteConnection? reader = null;
        try
        {
            // WAL is persistent in the file; it lets readers run beside the one writer.
            Execute(writer, "PRAGMA journal_mode = WAL;");
            SchemaMigrator.Migrate(writer);
            reader = OpenConnection(connectionString);
            return new StateStore(databasePath, reader, writer);
        }
        catch
        {
            reader?.Dispose();
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Schema version of the open database (<c>PRAGMA user_version</c>).</summary>
    public int SchemaVersion
    {
        get
        {
            lock (_readLock)
            {
                return SchemaMigrator.ReadUserVersion(_reader);
            }
        }
    }

    /// <summary>Starts a write transaction (BEGIN IMMEDIATE); waits while another batch is open.</summary>
    public StateBatch BeginBatch()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _writerThread) == Environment.CurrentManagedThreadId)
        {
            // Waiting here would wait for ourselves forever.
            throw new InvalidOperationException("a write batch is already open on this thread: commit or dispose it first");
        }

        _writeGate.Wait();
        return StartBatch();
    }

    /// <inheritdoc cref="BeginBatch"/>
    public async Task<StateBatch> BeginBatchAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(cancellationToken);
        return StartBatch();
    }

    /// <summary>One row, one transaction: for the single-path changes of a live session.</summary>
    public void Upsert(FileRecord record)
    {
        using var batch = BeginBatch();
        batch.Upsert(record);
        batch.Commit();
    }

    public void Delete(RelativePath path)
    {
        using var batch = BeginBatch();
        batch.Delete(path);
        batch.Commit();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (_readLock)
        {
            _get?.Dispose();
        }

        _reader.Dispose();
        _writer.Dispose();
        _writeGate.Dispose();
    }

    private StateBatch StartBatch()
    {
        try
        {
            Volatile.Write(ref _writerThread, Environment.CurrentManagedThreadId);
            return new StateBatch(_writer, _writer.BeginTransaction(deferred: false), () =>
            {
                Volatile.Write(ref _writerThread, 0);
                _writeGate.Release();
            });
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    private static SqliteConnection OpenConnection(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            // synchronous=NORMAL in WAL mode: a commit is a write() of the WAL frames without fsync; the
            // WAL is fsynced only at checkpoints. A killed process (kill -9, crash) loses nothing, because
            // written pages live in the OS page cache and the kernel still writes them out; only a power
            // loss or kernel crash can roll back the last commits, and even then the file stays consistent
            // (the WAL checksums drop torn frames). A scan re-detects whatever such a rollback forgot.
            // cache_size: each connection otherwise keeps up to 2 MiB of pages resident for the daemon's life; a
            // page it misses is a pread from the OS page cache (Issue 15: idle RSS).
            Execute(connection, $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {BusyTimeoutMs.ToString(CultureInfo.InvariantCulture)}; PRAGMA foreign_keys = ON; PRAGMA cache_size = -{CacheKiB.ToString(CultureInfo.InvariantCulture)};");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
