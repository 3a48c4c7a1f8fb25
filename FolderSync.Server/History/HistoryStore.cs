using FolderSync.Common.Delta;
using Microsoft.Data.Sqlite;

namespace FolderSync.Server.History;

/// <summary>
/// The history of one published folder (docs/sync-model.md, History): every version the server accepted or
/// observed, in <c>versions</c>; each distinct content once in <c>contents</c> as its chunk list; each distinct
/// chunk once in <c>blobs</c> (<see cref="ChunkVault"/>). A one-line edit of a large file adds a row, a chunk
/// list and the one or two chunks the edit touched. Its own SQLite file, apart from the state table, so
/// recording never holds the sync's writer. Thread-safe (one connection under a lock).
/// </summary>
public sealed class HistoryStore : IDisposable
{
    private const int SchemaVersion = 1;

    private const string Schema = """
        PRAGMA auto_vacuum = INCREMENTAL;
        CREATE TABLE IF NOT EXISTS versions (
            id       INTEGER PRIMARY KEY AUTOINCREMENT,
            path     TEXT    NOT NULL,
            sequence INTEGER NOT NULL,
            recorded INTEGER NOT NULL,
            kind     INTEGER NOT NULL,
            size     INTEGER NOT NULL,
            sha256   TEXT    NOT NULL,
            origin   TEXT    NOT NULL,
            note     TEXT    NULL,
            stored   INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS versions_path ON versions (path, id);
        CREATE INDEX IF NOT EXISTS versions_sha256 ON versions (sha256);
        CREATE TABLE IF NOT EXISTS contents (
            sha256 TEXT    NOT NULL PRIMARY KEY,
            size   INTEGER NOT NULL,
            chunks BLOB    NOT NULL);
        CREATE TABLE IF NOT EXISTS blobs (
            id    INTEGER PRIMARY KEY,
            hash  BLOB    NOT NULL UNIQUE,
            refs  INTEGER NOT NULL,
            codec INTEGER NOT NULL,
            size  INTEGER NOT NULL,
            data  BLOB    NOT NULL);
        """;

    private readonly SqliteConnection _connection;
    private readonly ChunkVault _vault;
    private readonly Lock _lock = new();

    private HistoryStore(SqliteConnection connection)
    {
        _connection = connection;
        _vault = new ChunkVault(connection);
    }

    public static HistoryStore Open(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            if (Scalar(connection, "PRAGMA user_version") < SchemaVersion)
            {
                Execute(connection, Schema + $"PRAGMA user_version = {SchemaVersion};");
            }

            return new HistoryStore(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Bytes the stored chunks take (compressed), the figure retention compares with MaxBytes.</summary>
    public long StoredBytes
    {
        get
        {
            lock (_lock)
            {
                return StoredBytesLocked();
            }
        }
    }

    public bool HasContent(string sha256)
    {
        lock (_lock)
        {
            return ContentExists(null, sha256);
        }
    }

    /// <summary>
    /// Records <paramref name="entry"/>. For a content version whose bytes the store lacks, <paramref name="content"/>
    /// is read and chunked; when it does not hash to <see cref="HistoryEntry.Sha256"/> (the file changed since it
    /// was accepted) the row is kept without content. Returns the new row; disposes <paramref name="content"/>.
    /// </summary>
    public HistoryVersion Record(HistoryEntry entry, Stream? content) => Record([(entry, () => content)])[0];

    /// <summary>
    /// Records each entry as <see cref="Record(HistoryEntry, Stream?)"/> does, all in one transaction: a first sync
    /// records every file, and a WAL commit per small file wrote several pages for a few KiB of content. Each
    /// content is opened only when the store lacks it, and disposed after.
    /// </summary>
    public IReadOnlyList<HistoryVersion> Record(IReadOnlyList<(HistoryEntry Entry, Func<Stream?> Open)> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            var versions = new List<HistoryVersion>(batch.Count);
            using var transaction = _connection.BeginTransaction();
            using var insert = VersionRows.InsertCommand(transaction);
            foreach (var (entry, open) in batch)
            {
                ArgumentNullException.ThrowIfNull(entry);
                Stream? opened = null;
                try
                {
                    versions.Add(RecordLocked(transaction, insert, entry, () => opened = open()));
                }
                finally
                {
                    opened?.Dispose();
                }
            }

            transaction.Commit();
            return versions;
        }
    }

    /// <summary>Each path's newest row when it is a content version kept without its content, oldest first, after <paramref name="afterId"/>.</summary>
    public IReadOnlyList<HistoryVersion> Unstored(long afterId, int limit)
    {
        lock (_lock)
        {
            using var command = Command(null, $"""
                SELECT {VersionRows.Columns} FROM versions WHERE id > $a AND kind = 0 AND stored = 0 AND id IN (SELECT MAX(id) FROM versions GROUP BY path)
                ORDER BY id LIMIT $l
                """);
            command.Parameters.AddWithValue("$a", afterId);
            command.Parameters.AddWithValue("$l", limit);
            return VersionRows.Read(command);
        }
    }

    /// <summary>
    /// Gives rows recorded without content their content, in one transaction, where what <c>Open</c> returns hashes
    /// to the row's SHA-256; returns how many rows now have it.
    /// </summary>
    public int Attach(IReadOnlyList<(HistoryVersion Version, Func<Stream?> Open)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_lock)
        {
            int attached = 0;
            using var transaction = _connection.BeginTransaction();
            using var mark = Command(transaction, "UPDATE versions SET stored = 1 WHERE id = $i");
            var id = mark.Parameters.Add(new SqliteParameter { ParameterName = "$i" });
            foreach (var (version, open) in rows)
            {
                bool stored = ContentExists(transaction, version.Entry.Sha256);
                if (!stored)
                {
                    using var content = open();
                    stored = content is not null && TryStore(transaction, version.Entry.Sha256, content);
                }

                if (stored)
                {
                    id.Value = version.Id;
                    attached += mark.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return attached;
        }
    }

    /// <summary>The versions of <paramref name="path"/>, newest first.</summary>
    public IReadOnlyList<HistoryVersion> Versions(string path, int limit = 1000)
    {
        lock (_lock)
        {
            using var command = Command(null, $"SELECT {VersionRows.Columns} FROM versions WHERE path = $p ORDER BY id DESC LIMIT $l");
            command.Parameters.AddWithValue("$p", path);
            command.Parameters.AddWithValue("$l", limit);
            return VersionRows.Read(command);
        }
    }

    /// <summary>Paths whose newest row is a delete, newest first: what <c>history --deleted</c> lists.</summary>
    public IReadOnlyList<HistoryVersion> Deleted(int limit = 1000)
    {
        lock (_lock)
        {
            using var command = Command(null, $"""
                SELECT {VersionRows.Columns} FROM versions WHERE id IN (SELECT MAX(id) FROM versions GROUP BY path) AND kind = 1
                ORDER BY id DESC LIMIT $l
                """);
            command.Parameters.AddWithValue("$l", limit);
            return VersionRows.Read(command);
        }
    }

    public HistoryVersion? Find(long id)
    {
        lock (_lock)
        {
            using var command = Command(null, $"SELECT {VersionRows.Columns} FROM versions WHERE id = $i");
            command.Parameters.AddWithValue("$i", id);
            return VersionRows.Read(command).FirstOrDefault();
        }
    }

    /// <summary>The newest stored content of <paramref name="path"/> recorded at or before <paramref name="time"/>.</summary>
    public HistoryVersion? LatestBefore(string path, DateTimeOffset time)
    {
        lock (_lock)
        {
            using var command = Command(null, $"SELECT {VersionRows.Columns} FROM versions WHERE path = $p AND kind = 0 AND stored = 1 AND recorded <= $t ORDER BY id DESC LIMIT 1");
            command.Parameters.AddWithValue("$p", path);
            command.Parameters.AddWithValue("$t", time.ToUnixTimeMilliseconds());
            return VersionRows.Read(command).FirstOrDefault();
        }
    }

    /// <summary>Writes the content with <paramref name="sha256"/> to <paramref name="destination"/>; false when it is not stored.</summary>
    public bool CopyContent(string sha256, Stream destination)
    {
        lock (_lock)
        {
            using var command = Command(null, "SELECT chunks FROM contents WHERE sha256 = $s");
            command.Parameters.AddWithValue("$s", sha256);
            if (command.ExecuteScalar() is not byte[] data || ChunkList.Deserialize(sha256, data) is not { } list)
            {
                return false;
            }

            foreach (var chunk in list.Chunks)
            {
                if (!_vault.CopyTo(chunk.Hash, chunk.Length, destination))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Applies retention: rows older than KeepDays go, except each path's newest; then the oldest rows go
    /// until the store fits in <paramref name="maxBytes"/> (each path's newest last); then what no row needs.
    /// </summary>
    public PruneResult Prune(DateTimeOffset cutoff, long maxBytes)
    {
        lock (_lock)
        {
            int versions = Execute(_connection, $"DELETE FROM versions WHERE recorded < {cutoff.ToUnixTimeMilliseconds()} AND id NOT IN (SELECT MAX(id) FROM versions GROUP BY path)");
            int contents = CollectContents();
            foreach (bool newestToo in new[] { false, true })
            {
                while (StoredBytesLocked() > maxBytes)
                {
                    string keep = newestToo ? string.Empty : "AND id NOT IN (SELECT MAX(id) FROM versions GROUP BY path)";
                    int removed = Execute(_connection, $"DELETE FROM versions WHERE id IN (SELECT id FROM versions WHERE stored = 1 {keep} ORDER BY id LIMIT 64)");
                    versions += removed;
                    contents += CollectContents();
                    if (removed == 0)
                    {
                        break;
                    }
                }
            }

            Execute(_connection, "PRAGMA incremental_vacuum;");
            return new PruneResult(versions, contents, StoredBytesLocked());
        }
    }

    public void Dispose()
    {
        _vault.Dispose();
        _connection.Dispose();
    }

    private HistoryVersion RecordLocked(SqliteTransaction transaction, SqliteCommand insert, HistoryEntry entry, Func<Stream?> content)
    {
        bool stored = entry.Kind == HistoryKind.Content && (ContentExists(transaction, entry.Sha256) || (content() is { } stream && TryStore(transaction, entry.Sha256, stream)));
        return new HistoryVersion(VersionRows.Insert(insert, entry, stored), entry, stored);
    }

    private bool ContentExists(SqliteTransaction? transaction, string sha256)
    {
        using var command = Command(transaction, "SELECT 1 FROM contents WHERE sha256 = $s");
        command.Parameters.AddWithValue("$s", sha256);
        return command.ExecuteScalar() is not null;
    }

    private bool TryStore(SqliteTransaction transaction, string sha256, Stream content)
    {
        using var savepoint = Command(transaction, "SAVEPOINT content");
        savepoint.ExecuteNonQuery();
        var list = FastCdcChunker.Chunk(content, (data, chunk) => _vault.AddRef(transaction, chunk.Hash, data));
        if (list.Sha256 != sha256)
        {
            Execute(transaction, "ROLLBACK TO content; RELEASE content");
            return false;
        }

        using var insert = Command(transaction, "INSERT INTO contents (sha256, size, chunks) VALUES ($s, $z, $c)");
        insert.Parameters.AddWithValue("$s", sha256);
        insert.Parameters.AddWithValue("$z", list.Length);
        insert.Parameters.AddWithValue("$c", list.Serialize());
        insert.ExecuteNonQuery();
        Execute(transaction, "RELEASE content");
        return true;
    }

    /// <summary>Deletes contents no stored row names, releasing their chunks.</summary>
    private int CollectContents()
    {
        using var transaction = _connection.BeginTransaction();
        var orphans = new List<(string Sha256, byte[] Chunks)>();
        using (var select = Command(transaction, "SELECT sha256, chunks FROM contents WHERE sha256 NOT IN (SELECT sha256 FROM versions WHERE stored = 1)"))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                orphans.Add((reader.GetString(0), (byte[])reader.GetValue(1)));
            }
        }

        foreach (var (sha256, chunks) in orphans)
        {
            foreach (var chunk in ChunkList.Deserialize(sha256, chunks)?.Chunks ?? [])
            {
                _vault.Release(transaction, chunk.Hash);
            }

            using var delete = Command(transaction, "DELETE FROM contents WHERE sha256 = $s");
            delete.Parameters.AddWithValue("$s", sha256);
            delete.ExecuteNonQuery();
        }

        transaction.Commit();
        return orphans.Count;
    }

    private long StoredBytesLocked() =>
        Scalar(_connection, "SELECT COALESCE(SUM(size), 0) FROM blobs") + Scalar(_connection, "SELECT COALESCE(SUM(length(chunks)), 0) FROM contents");

    private SqliteCommand Command(SqliteTransaction? transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static int Execute(SqliteTransaction transaction, string sql)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static int Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
