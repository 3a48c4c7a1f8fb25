using System.IO.Compression;
using FolderSync.Common.Delta;
using Microsoft.Data.Sqlite;

namespace FolderSync.Server.History;

/// <summary>
/// The <c>blobs</c> table: each distinct chunk once, Brotli-compressed when that saves space, counted by
/// the contents that list it. Text chunks of ~8 KiB compress 3-4x at quality 1 in microseconds.
/// Runs inside the caller's transaction on the caller's connection.
/// </summary>
internal sealed class ChunkVault(SqliteConnection connection)
{
    private const int Raw = 0;
    private const int Brotli = 1;

    /// <summary>Adds one reference to the chunk, storing its bytes if it is new; returns the bytes newly stored.</summary>
    public long AddRef(SqliteTransaction transaction, ChunkHash hash, ReadOnlySpan<byte> data)
    {
        byte[] key = Key(hash);
        using (var bump = Command(transaction, "UPDATE blobs SET refs = refs + 1 WHERE hash = $h"))
        {
            bump.Parameters.AddWithValue("$h", key);
            if (bump.ExecuteNonQuery() == 1)
            {
                return 0;
            }
        }

        var (codec, stored) = Encode(data);
        using var insert = Command(transaction, "INSERT INTO blobs (hash, refs, codec, size, data) VALUES ($h, 1, $c, $s, $d)");
        insert.Parameters.AddWithValue("$h", key);
        insert.Parameters.AddWithValue("$c", codec);
        insert.Parameters.AddWithValue("$s", stored.Length);
        insert.Parameters.AddWithValue("$d", stored);
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

        byte[] stored = (byte[])reader.GetValue(1);
        if (reader.GetInt32(0) == Raw)
        {
            destination.Write(stored);
            return true;
        }

        byte[] plain = new byte[length];
        if (!BrotliDecoder.TryDecompress(stored, plain, out int written) || written != length)
        {
            throw new InvalidDataException($"history chunk {hash} does not decode to {length} bytes");
        }

        destination.Write(plain);
        return true;
    }

    private static (int Codec, byte[] Bytes) Encode(ReadOnlySpan<byte> data)
    {
        byte[] buffer = new byte[BrotliEncoder.GetMaxCompressedLength(data.Length)];
        if (BrotliEncoder.TryCompress(data, buffer, out int written, quality: 1, window: 22) && written < data.Length)
        {
            return (Brotli, buffer.AsSpan(0, written).ToArray());
        }

        return (Raw, data.ToArray());
    }

    private static byte[] Key(ChunkHash hash)
    {
        byte[] key = new byte[ChunkHash.Bytes];
        hash.Write(key);
        return key;
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
