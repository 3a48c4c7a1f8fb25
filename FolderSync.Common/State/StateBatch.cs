using System.Globalization;
using FolderSync.Common.Protocol;
using Microsoft.Data.Sqlite;

namespace FolderSync.Common.State;

/// <summary>
/// One write transaction on the state store: many rows, one commit (and, in WAL mode, one WAL append).
/// Commands are prepared once and rebound per row. Disposing without <see cref="Commit"/> rolls back.
/// Not thread-safe: use a batch from one flow of control, then dispose it.
/// </summary>
public sealed class StateBatch : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly Action _release;
    private SqliteCommand? _upsert;
    private SqliteCommand? _delete;
    private SqliteCommand? _setMeta;
    private long? _sequence;
    private bool _completed;
    private bool _disposed;

    internal StateBatch(SqliteConnection connection, SqliteTransaction transaction, Action release)
    {
        _connection = connection;
        _transaction = transaction;
        _release = release;
    }

    public void Upsert(FileRecord record)
    {
        _upsert ??= Prepare(FileRecordMapper.AddUpsertParameters);
        FileRecordMapper.BindUpsert(_upsert, record);
        _upsert.ExecuteNonQuery();
    }

    /// <summary>Removes the row outright (no tombstone; write a Deleted record for that).</summary>
    public void Delete(RelativePath path)
    {
        _delete ??= Prepare(c =>
        {
            c.CommandText = "DELETE FROM file_state WHERE path = $path;";
            c.Parameters.Add(new SqliteParameter { ParameterName = "$path" });
        });
        _delete.Parameters[0].Value = path.Value;
        _delete.ExecuteNonQuery();
    }

    /// <summary>Removes every row strictly beneath <paramref name="directory"/>; returns how many.</summary>
    public int DeleteUnder(RelativePath directory)
    {
        var (from, to) = FileRecordMapper.UnderRange(directory);
        using var command = Create("DELETE FROM file_state WHERE path >= $from AND path < $to;");
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        return command.ExecuteNonQuery();
    }

    /// <summary>Reads a row as this batch sees it, its own uncommitted writes included.</summary>
    public FileRecord? Get(RelativePath path)
    {
        using var command = Create($"SELECT {FileRecordMapper.Columns} FROM file_state WHERE path = $path;");
        command.Parameters.AddWithValue("$path", path.Value);
        return FileRecordMapper.ReadAll(command) is [var record] ? record : null;
    }

    public void SetMeta(string key, string value)
    {
        _setMeta ??= Prepare(c =>
        {
            c.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;";
            c.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
            c.Parameters.Add(new SqliteParameter { ParameterName = "$value" });
        });
        _setMeta.Parameters[0].Value = key;
        _setMeta.Parameters[1].Value = value;
        _setMeta.ExecuteNonQuery();
    }

    public string? GetMeta(string key)
    {
        using var command = Create("SELECT value FROM meta WHERE key = $key;");
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Stores the chunk list of the version of <paramref name="path"/> just recorded (delta transfer).</summary>
    public void PutChunks(RelativePath path, Delta.ChunkList chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        using var command = Create("INSERT INTO chunks (path, sha256, data) VALUES ($path, $sha, $data) ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, data = excluded.data;");
        command.Parameters.AddWithValue("$path", path.Value);
        command.Parameters.AddWithValue("$sha", chunks.Sha256);
        command.Parameters.AddWithValue("$data", chunks.Serialize());
        command.ExecuteNonQuery();
    }

    public void DeleteChunks(RelativePath path)
    {
        using var command = Create("DELETE FROM chunks WHERE path = $path;");
        command.Parameters.AddWithValue("$path", path.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Server: issues the next folder sequence number and persists it with this batch, so a rolled-back
    /// batch gives its numbers back and a committed one never reuses them.
    /// </summary>
    public long NextSequence()
    {
        _sequence ??= GetMeta(MetaKeys.Sequence) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : 0;
        _sequence++;
        SetMeta(MetaKeys.Sequence, _sequence.Value.ToString(CultureInfo.InvariantCulture));
        return _sequence.Value;
    }

    /// <inheritdoc cref="StateStore.PruneTombstones"/>
    public int PruneTombstones(long olderThanSequence)
    {
        using var max = Create("SELECT MAX(sequence) FROM file_state WHERE deleted = 1 AND sequence < $seq;");
        max.Parameters.AddWithValue("$seq", olderThanSequence);
        if (max.ExecuteScalar() is not long highest)
        {
            return 0;
        }

        using var delete = Create("DELETE FROM file_state WHERE deleted = 1 AND sequence < $seq;");
        delete.Parameters.AddWithValue("$seq", olderThanSequence);
        int pruned = delete.ExecuteNonQuery();

        long previous = GetMeta(MetaKeys.TombstonesPrunedUpTo) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : 0;
        SetMeta(MetaKeys.TombstonesPrunedUpTo, Math.Max(previous, highest).ToString(CultureInfo.InvariantCulture));
        return pruned;
    }

    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("The batch was already committed.");
        }

        _transaction.Commit();
        _completed = true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_completed)
            {
                _transaction.Rollback();
            }
        }
        finally
        {
            _upsert?.Dispose();
            _delete?.Dispose();
            _setMeta?.Dispose();
            _transaction.Dispose();
            _release();
        }
    }

    private SqliteCommand Create(string sql)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    private SqliteCommand Prepare(Action<SqliteCommand> setUp)
    {
        var command = Create(string.Empty);
        setUp(command);
        command.Prepare();
        return command;
    }
}
