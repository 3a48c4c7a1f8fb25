using FolderSync.Common.Protocol;
using Microsoft.Data.Sqlite;

namespace FolderSync.Common.State;

public sealed partial class StateStore
{
    private const string SelectAll = $"SELECT {FileRecordMapper.Columns} FROM file_state";

    /// <summary>The row at <paramref name="path"/>, a tombstone included, or null.</summary>
    public FileRecord? Get(RelativePath path)
    {
        lock (_readLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // The per-file lookup of every decision: prepared once, rebound per call.
            if (_get is null)
            {
                _get = _reader.CreateCommand();
                _get.CommandText = $"{SelectAll} WHERE path = $path;";
                _get.Parameters.Add(new SqliteParameter { ParameterName = "$path" });
                _get.Prepare();
            }

            _get.Parameters[0].Value = path.Value;
            return FileRecordMapper.ReadAll(_get) is [var record] ? record : null;
        }
    }

    /// <summary>Every row, live and tombstones, ordered by path.</summary>
    public IReadOnlyList<FileRecord> GetAll() => Query($"{SelectAll} ORDER BY path;");

    /// <summary>Rows with a sequence above <paramref name="sequence"/>, tombstones included, in sequence order.</summary>
    public IReadOnlyList<FileRecord> ChangesSince(long sequence) =>
        Query($"{SelectAll} WHERE sequence > $seq ORDER BY sequence, path;", c => c.Parameters.AddWithValue("$seq", sequence));

    /// <summary>Client: live files whose mode differs from the base's (a chmod the server has not taken yet), ordered by path.</summary>
    public IReadOnlyList<FileRecord> GetModeChanged() =>
        Query($"{SelectAll} WHERE deleted = 0 AND mode IS NOT NULL AND base_mode IS NOT NULL AND mode <> base_mode ORDER BY path;");

    /// <summary>Rows strictly beneath directory <paramref name="directory"/> (not the directory itself), ordered by path.</summary>
    public IReadOnlyList<FileRecord> GetUnder(RelativePath directory)
    {
        var (from, to) = FileRecordMapper.UnderRange(directory);
        return Query(
            $"{SelectAll} WHERE path >= $from AND path < $to ORDER BY path;",
            c =>
            {
                c.Parameters.AddWithValue("$from", from);
                c.Parameters.AddWithValue("$to", to);
            });
    }

    /// <summary>All rows, tombstones included.</summary>
    public long Count => ScalarLong("SELECT COUNT(*) FROM file_state;") ?? 0;

    /// <summary>Rows that are not tombstones (kept by a trigger, schema 004).</summary>
    public long LiveCount => StateCount("live");

    /// <summary>The size of the rows that are not tombstones, together (kept by a trigger, schema 004).</summary>
    public long LiveBytes => StateCount("live_bytes");

    /// <summary>The result of <c>PRAGMA integrity_check</c>: "ok" when the file is sound.</summary>
    public string IntegrityCheck()
    {
        var lines = new List<string>();
        lock (_readLock)
        {
            using var command = _reader.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                lines.Add(reader.GetString(0));
            }
        }

        return string.Join('\n', lines);
    }

    private List<FileRecord> Query(string sql, Action<SqliteCommand>? bind = null)
    {
        lock (_readLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _reader.CreateCommand();
            command.CommandText = sql;
            bind?.Invoke(command);
            return FileRecordMapper.ReadAll(command);
        }
    }

    private long? ScalarLong(string sql, Action<SqliteCommand>? bind = null)
    {
        lock (_readLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _reader.CreateCommand();
            command.CommandText = sql;
            bind?.Invoke(command);
            return command.ExecuteScalar() is long value ? value : null;
        }
    }
}
