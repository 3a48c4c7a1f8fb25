using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using FolderSync.Server.History;
using Microsoft.Data.Sqlite;

namespace FolderSync.Tests.History;

public sealed class ChunkCodecTests
{
    [Test]
    public void Text_is_stored_smaller_and_decodes_byte_for_byte()
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 400).Select(i => $"line {i} of a text file\n")));

        var (codec, stored) = ChunkCodec.Encode(text, ChunkCodec.Scratch(text.Length));

        Assert.That(codec, Is.EqualTo(ChunkCodec.Lz4));
        Assert.That(stored, Has.Length.LessThan(text.Length / 2));
        Assert.That(Decode(codec, stored, text.Length), Is.EqualTo(text));
    }

    [Test]
    public void Bytes_that_do_not_compress_are_stored_as_they_are()
    {
        byte[] noise = RandomNumberGenerator.GetBytes(8192);

        var (codec, stored) = ChunkCodec.Encode(noise, ChunkCodec.Scratch(noise.Length));

        Assert.That(codec, Is.EqualTo(ChunkCodec.Raw));
        Assert.That(Decode(codec, stored, noise.Length), Is.EqualTo(noise));
    }

    [Test]
    public void A_stored_chunk_that_does_not_decode_to_its_length_is_refused()
    {
        byte[] text = Encoding.UTF8.GetBytes(new string('a', 4096));
        var (codec, stored) = ChunkCodec.Encode(text, ChunkCodec.Scratch(text.Length));

        Assert.That(ChunkCodec.TryDecode(codec, stored, new byte[text.Length + 1]), Is.False);
        Assert.That(ChunkCodec.TryDecode(99, stored, new byte[text.Length]), Is.False, "an unknown codec");
    }

    [Test]
    public void Chunks_stored_with_Brotli_before_the_codec_changed_still_restore()
    {
        string dir = Directory.CreateTempSubdirectory("foldersync-codec-").FullName;
        try
        {
            string db = Path.Combine(dir, "history.db");
            byte[] text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50).Select(i => $"an older line {i}\n")));
            string sha = Convert.ToHexStringLower(SHA256.HashData(text));
            using (var store = HistoryStore.Open(db))
            {
                store.Record(new HistoryEntry("old.txt", 1, DateTimeOffset.UtcNow, HistoryKind.Content, text.Length, sha, "server"), new MemoryStream(text));
            }

            // Rewrite the one chunk as the store wrote it before: Brotli, codec 1.
            byte[] brotli = new byte[BrotliEncoder.GetMaxCompressedLength(text.Length)];
            Assert.That(BrotliEncoder.TryCompress(text, brotli, out int written, quality: 1, window: 22), Is.True);
            using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
            {
                connection.Open();
                using var update = connection.CreateCommand();
                update.CommandText = "UPDATE blobs SET codec = 1, size = $s, data = $d";
                update.Parameters.AddWithValue("$s", written);
                update.Parameters.AddWithValue("$d", brotli[..written]);
                Assert.That(update.ExecuteNonQuery(), Is.EqualTo(1));
            }

            using (var store = HistoryStore.Open(db))
            {
                using var output = new MemoryStream();
                Assert.That(store.CopyContent(sha, output), Is.True);
                Assert.That(output.ToArray(), Is.EqualTo(text));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static byte[] Decode(int codec, byte[] stored, int length)
    {
        byte[] plain = new byte[length];
        Assert.That(ChunkCodec.TryDecode(codec, stored, plain), Is.True);
        return plain;
    }
}
