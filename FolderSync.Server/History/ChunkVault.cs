using FolderSync.Common.Delta;
using Microsoft.Data.Sqlite;

namespace FolderSync.Server.History;

/// <summary>
/// The <c>blobs</c> table: each distinct chunk once, compressed when that saves space (<see cref="ChunkCodec"/>),
/// counted by the contents that list it. Runs inside the caller's transaction on the caller's connection; the
/// two statements a first sync runs per chunk are prepared once.
/// </summary>
internal sealed class ChunkVault(SqliteConnection connection) : IDisposable
{
    private readonly byte[] _scratch = ChunkCodec.Scratch(FastCdcChunker.MaxSize);
    private SqliteCommand? _bump;
    private SqliteCommand? _insert;

    /// <summary>Adds one reference to the chunk, storing its bytes if it is new; returns the bytes newly stored.</summary>
    public long AddRef(SqliteTransaction transaction, ChunkHash hash, ReadOnlySpan<byte> data)
    {
        byte[] key = Key(hash);
        var bump = _bump ??= Prepared("UPDATE blobs SET refs = refs + 1 WHERE hash = $h", "$h");
        bump.Transaction = transaction;
        bump.Parameters[0].Value = key;
        if (bump.ExecuteNonQuery() == 1)
        {
            return 0;
        }

        byte[] scratch = data.Length <= _scratch.Length ? _scratch : ChunkCodec.Scratch(data.Length);
        var (codec, stored) = ChunkCodec.Encode(data, scratch);
        var insert = _insert ??= Prepared("INSERT INTO blobs (hash, refs, codec, size, data) VALUES ($h, 1, $c, $s, $d)", "$h", "$c", "$s", "$d");
        insert.Transaction = transaction;
        insert.Parameters[0].Value = key;
        insert.Parameters[1].Value = codec;
        insert.Parameters[2].Value = stored.Length;
        insert.Parameters[3].Value = stored;
        insert.ExecuteNonQuery();
        return stored.Length;
    }

    /// <summary>Drops one reference; a chunk no content lists any more is deleted.</summary>
    public void Release(SqliteTransaction transaction, ChunkHash hash)
    {
        byte[] key = Key(hash);
        using var drop = Command(transaction, "UPDATE blobs SET refs = refs - 1 WHERE hash = $h; DELETE FROM blobs WHERE hash = $h AND refs <= 0");
        drop.Parameters.AddWithValue("$h", key);
        drop.ExecuteNonQuery();
    }

    /// <summary>Writes the chunk's original bytes to <paramref name="destination"/>; false when it is missing.</summary>
    public bool CopyTo(ChunkHash hash, int length, Stream destination)
    {
        using var read = Command(null, "SELECT codec, data FROM blobs WHERE hash = $h");
        read.Parameters.AddWithValue("$h", Key(hash));
        using var reader = read.ExecuteReader();
        if (!reader.Read())
        {
            return false;
        }

        byte[] plain = new byte[length];
        if (!ChunkCodec.TryDecode(reader.GetInt32(0), (byte[])reader.GetValue(1), plain))
        {
            throw new InvalidDataException($"history chunk {hash} does not decode to {length} bytes");
        }

        destination.Write(plain);
        return true;
    }

    public void Dispose()
    {
        _bump?.Dispose();
        _insert?.Dispose();
    }

    private static byte[] Key(ChunkHash hash)
    {
        byte[] key = new byte[ChunkHash.Bytes];
        hash.Write(key);
        return key;
    }

    private SqliteCommand Prepared(string sql, params string[] names)
    {
        var command = Command(null, sql);
        foreach (string name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
