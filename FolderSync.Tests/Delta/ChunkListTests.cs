using FolderSync.Common.Delta;

namespace FolderSync.Tests.Delta;

public sealed class ChunkListTests
{
    [Test]
    public void Serialization_round_trips_and_stays_compact()
    {
        byte[] text = DeltaText.Generate(1024 * 1024, seed: 11);
        var list = FastCdcChunker.Chunk(new MemoryStream(text));

        byte[] blob = list.Serialize();
        var back = ChunkList.Deserialize(list.Sha256, blob);

        Assert.That(back, Is.Not.Null);
        Assert.That(back!.Chunks, Is.EqualTo(list.Chunks));
        Assert.That(back.Length, Is.EqualTo(text.Length));
        Assert.That(blob.Length, Is.LessThanOrEqualTo(list.Chunks.Count * 36));
        TestContext.Out.WriteLine($"1 MiB: {list.Chunks.Count} chunks in {blob.Length} bytes");
    }

    [Test]
    public void A_malformed_or_foreign_blob_reads_as_null()
    {
        byte[] blob = FastCdcChunker.Chunk(new MemoryStream(DeltaText.Generate(100_000, seed: 1))).Serialize();

        Assert.That(ChunkList.Deserialize("x", []), Is.Null, "empty");
        Assert.That(ChunkList.Deserialize("x", [2, .. blob[1..]]), Is.Null, "other format version");
        Assert.That(ChunkList.Deserialize("x", blob.AsSpan(0, blob.Length - 1)), Is.Null, "truncated");
        Assert.That(ChunkList.Deserialize("x", [.. blob, 0]), Is.Null, "trailing byte");
        Assert.That(ChunkList.Deserialize("x", [1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), Is.Null, "absurd count");
        Assert.That(ChunkList.Deserialize("x", [1, 0])!.Chunks, Is.Empty, "an empty file");
    }
}
