using Microsoft.Data.Sqlite;

namespace FolderSync.Server.History;

/// <summary>The <c>versions</c> rows of <see cref="HistoryStore"/>: the insert it prepares once per transaction, and reading rows back.</summary>
internal static class VersionRows
{
    public const string Columns = "id, path, sequence, recorded, kind, size, sha256, origin, note, stored";

    private static readonly string[] Parameters = ["$p", "$q", "$t", "$k", "$z", "$s", "$o", "$n", "$st"];

    public static SqliteCommand InsertCommand(SqliteTransaction transaction)
    {
        var insert = transaction.Connection!.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO versions (path, sequence, recorded, kind, size, sha256, origin, note, stored)
            VALUES ($p, $q, $t, $k, $z, $s, $o, $n, $st) RETURNING id
            """;
        foreach (string name in Parameters)
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return insert;
    }

    /// <summary>Runs <paramref name="insert"/> for <paramref name="entry"/>; returns the new row's id.</summary>
    public static long Insert(SqliteCommand insert, HistoryEntry entry, bool stored)
    {
        object?[] values = [entry.Path, entry.Sequence, entry.Time.ToUnixTimeMilliseconds(), (int)entry.Kind, entry.Size, entry.Sha256, entry.Origin, (object?)entry.Note ?? DBNull.Value, stored ? 1 : 0];
        for (int i = 0; i < values.Length; i++)
        {
            insert.Parameters[i].Value = values[i];
        }

        return (long)insert.ExecuteScalar()!;
    }

    public static List<HistoryVersion> Read(SqliteCommand command)
    {
        var versions = new List<HistoryVersion>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var entry = new HistoryEntry(
                reader.GetString(1),
                reader.GetInt64(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                (HistoryKind)reader.GetInt32(4),
                reader.GetInt64(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8));
            versions.Add(new HistoryVersion(reader.GetInt64(0), entry, reader.GetInt32(9) == 1));
        }

        return versions;
    }
}
