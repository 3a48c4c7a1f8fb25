using Microsoft.Data.Sqlite;

namespace FolderSync.Server.History;

/// <summary>
/// The open conflicts of one folder, in a <c>conflicts</c> table of its history database: a row from the moment a
/// conflict copy is made until that copy is deleted, moved away or resolved. What <c>conflicts</c> lists survives a
/// restart. Written on the folder loop (a conflict is rare); thread-safe.
/// </summary>
public sealed class ConflictRegistry : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS conflicts (
            copy_path     TEXT    NOT NULL PRIMARY KEY,
            path          TEXT    NOT NULL,
            winner_origin TEXT    NOT NULL,
            winner_time   INTEGER NOT NULL,
            loser_origin  TEXT    NOT NULL,
            loser_time    INTEGER NOT NULL,
            recorded      INTEGER NOT NULL);
        """;

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    private ConflictRegistry(SqliteConnection connection) => _connection = connection;

    public static ConflictRegistry Open(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 5000; " + Schema;
            command.ExecuteNonQuery();
            return new ConflictRegistry(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Add(OpenConflict conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT OR REPLACE INTO conflicts (copy_path, path, winner_origin, winner_time, loser_origin, loser_time, recorded)
                VALUES ($c, $p, $wo, $wt, $lo, $lt, $r)
                """;
            command.Parameters.AddWithValue("$c", conflict.CopyPath);
            command.Parameters.AddWithValue("$p", conflict.Path);
            command.Parameters.AddWithValue("$wo", conflict.WinnerOrigin);
            command.Parameters.AddWithValue("$wt", conflict.WinnerTime.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$lo", conflict.LoserOrigin);
            command.Parameters.AddWithValue("$lt", conflict.LoserTime.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$r", conflict.Recorded.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The copy is gone: its conflict is closed. True when one was open.</summary>
    public bool Close(string copyPath)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM conflicts WHERE copy_path = $c";
            command.Parameters.AddWithValue("$c", copyPath);
            return command.ExecuteNonQuery() > 0;
        }
    }

    /// <summary>Every open conflict, oldest first.</summary>
    public IReadOnlyList<OpenConflict> List()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT path, copy_path, winner_origin, winner_time, loser_origin, loser_time, recorded FROM conflicts ORDER BY recorded, copy_path";
            using var reader = command.ExecuteReader();
            var conflicts = new List<OpenConflict>();
            while (reader.Read())
            {
                conflicts.Add(new OpenConflict(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    reader.GetString(4),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
            }

            return conflicts;
        }
    }

    public void Dispose() => _connection.Dispose();
}
