using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;
using Microsoft.Data.Sqlite;

namespace FolderSync.Common.State;

/// <summary>The one place that knows how a <see cref="FileRecord"/> maps to <c>file_state</c> columns.</summary>
internal static class FileRecordMapper
{
    public const string Columns =
        "path, kind, size, last_modified, inode, sha256, origin, sequence, deleted, base_sha256, local_only, mode, base_mode";

    public const string UpsertSql =
        $"INSERT INTO file_state ({Columns}) " +
        "VALUES ($path, $kind, $size, $mtime, $inode, $sha256, $origin, $sequence, $deleted, $base, $localOnly, $mode, $baseMode) " +
        "ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, size = excluded.size, " +
        "last_modified = excluded.last_modified, inode = excluded.inode, sha256 = excluded.sha256, " +
        "origin = excluded.origin, sequence = excluded.sequence, deleted = excluded.deleted, " +
        "base_sha256 = excluded.base_sha256, local_only = excluded.local_only, mode = excluded.mode, base_mode = excluded.base_mode;";

    public static FileRecord Read(SqliteDataReader reader) => new FileRecord(
        RelativePath.Parse(reader.GetString(0)),
        (EntryKind)reader.GetInt32(1),
        reader.GetInt64(2),
        reader.GetInt64(3),
        reader.GetInt64(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetInt64(7),
        reader.GetInt64(8) != 0,
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.GetInt64(10) != 0)
    {
        Mode = reader.IsDBNull(11) ? null : reader.GetInt32(11),
        BaseMode = reader.IsDBNull(12) ? null : reader.GetInt32(12),
    };

    public static List<FileRecord> ReadAll(SqliteCommand command)
    {
        var records = new List<FileRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            records.Add(Read(reader));
        }

        return records;
    }

    /// <summary>Adds the upsert parameters once so the prepared command can be reused for every row.</summary>
    public static void AddUpsertParameters(SqliteCommand command)
    {
        command.CommandText = UpsertSql;
        foreach (var name in (string[])["$path", "$kind", "$size", "$mtime", "$inode", "$sha256", "$origin", "$sequence", "$deleted", "$base", "$localOnly", "$mode", "$baseMode"])
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    public static void BindUpsert(SqliteCommand command, FileRecord record)
    {
        var p = command.Parameters;
        p[0].Value = record.Path.Value;
        p[1].Value = (int)record.Kind;
        p[2].Value = record.Size;
        p[3].Value = record.MtimeNs;
        p[4].Value = record.Inode;
        p[5].Value = record.Sha256;
        p[6].Value = record.Origin;
        p[7].Value = record.Sequence;
        p[8].Value = record.Deleted ? 1 : 0;
        p[9].Value = (object?)record.BaseSha256 ?? DBNull.Value;
        p[10].Value = record.LocalOnly ? 1 : 0;
        p[11].Value = (object?)record.Mode ?? DBNull.Value;
        p[12].Value = (object?)record.BaseMode ?? DBNull.Value;
    }

    /// <summary>The exclusive upper bound of the paths under <paramref name="dir"/>: '0' is the character after '/'.</summary>
    public static (string From, string To) UnderRange(RelativePath dir) => (dir.Value + "/", dir.Value + "0");
}
