using System.Diagnostics;
using System.Security.Cryptography;
using FolderSync.Common.Delta;
using FolderSync.Tests.Framing;

namespace FolderSync.Tests.Delta;

public sealed class FastCdcChunkerTests
{
    private static readonly byte[] Text = DeltaText.Generate(8 * 1024 * 1024, seed: 7);

    [Test]
    public void Chunking_is_deterministic_whatever_the_read_sizes()
    {
        var once = FastCdcChunker.Chunk(new MemoryStream(Text));
        var again = FastCdcChunker.Chunk(new MemoryStream(Text));
        var trickled = FastCdcChunker.Chunk(new TrickleStream(Text, 777));

        Assert.That(again.Chunks, Is.EqualTo(once.Chunks));
        Assert.That(trickled.Chunks, Is.EqualTo(once.Chunks), "small reads cut at the same places");
        Assert.That(once.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Text))));
        Assert.That(once.Length, Is.EqualTo(Text.Length));
    }

    [Test]
    public void A_version_of_known_hash_is_cut_the_same_and_carries_that_hash()
    {
        var hashed = FastCdcChunker.Chunk(new MemoryStream(Text));
        var known = FastCdcChunker.Chunk(new MemoryStream(Text), "a1b2");

        Assert.That(known.Chunks, Is.EqualTo(hashed.Chunks));
        Assert.That(known.Sha256, Is.EqualTo("a1b2"), "the caller's hash, not a second pass over the file");
    }

    [Test]
    public void Chunks_tile_the_input_and_respect_min_and_max_sizes()
    {
        byte[] zeros = new byte[1024 * 1024];
        foreach (var input in new[] { Text, zeros, Text[..100], Text[..(FastCdcChunker.MinSize + 1)] })
        {
            var list = FastCdcChunker.Chunk(new MemoryStream(input));
            long expected = 0;
            foreach (var chunk in list.Chunks)
            {
                Assert.That(chunk.Offset, Is.EqualTo(expected), "contiguous");
                Assert.That(chunk.Length, Is.InRange(1, FastCdcChunker.MaxSize));
                expected = chunk.End;
            }

            Assert.That(expected, Is.EqualTo(input.Length));
            Assert.That(list.Chunks.SkipLast(1).Select(c => c.Length), Has.All.GreaterThanOrEqualTo(FastCdcChunker.MinSize));
        }

        var text = FastCdcChunker.Chunk(new MemoryStream(Text));
        double average = (double)Text.Length / text.Chunks.Count;
        TestContext.Out.WriteLine($"8 MiB of text: {text.Chunks.Count} chunks, average {average:F0} bytes, max {text.Chunks.Max(c => c.Length)}");
        Assert.That(average, Is.InRange(6 * 1024, 12 * 1024), "normalized chunking keeps the average near 8 KiB");
        Assert.That(FastCdcChunker.Chunk(new MemoryStream([])).Chunks, Is.Empty);
    }

    [Test]
    public void Inserting_a_byte_at_the_start_leaves_almost_every_chunk_unchanged()
    {
        var before = FastCdcChunker.Chunk(new MemoryStream(Text));
        byte[] shifted = [(byte)'X', .. Text];
        var after = FastCdcChunker.Chunk(new MemoryStream(shifted));

        var known = before.Chunks.Select(c => c.Hash).ToHashSet();
        double unchanged = (double)after.Chunks.Count(c => known.Contains(c.Hash)) / after.Chunks.Count;
        TestContext.Out.WriteLine($"{unchanged:P2} of {after.Chunks.Count} chunks unchanged after a 1-byte insertion at the start");
        Assert.That(unchanged, Is.GreaterThanOrEqualTo(0.95));
    }

    [Test]
    public void Chunking_throughput()
    {
        byte[] big = DeltaText.Generate(64 * 1024 * 1024, seed: 3);
        FastCdcChunker.Chunk(new MemoryStream(Text)); // warm up
        var watch = Stopwatch.StartNew();
        var list = FastCdcChunker.Chunk(new MemoryStream(big));
        watch.Stop();

        var cutOnly = Stopwatch.StartNew();
        for (int position = 0; position < big.Length;)
        {
            position += FastCdcChunker.FindCutPoint(big.AsSpan(position));
        }

        cutOnly.Stop();
        double mb = big.Length / (1024.0 * 1024.0);
        TestContext.Out.WriteLine($"64 MiB: chunk + SHA-256 per chunk + whole-file SHA-256 {mb / watch.Elapsed.TotalSeconds:F0} MiB/s; cut points alone {mb / cutOnly.Elapsed.TotalSeconds:F0} MiB/s; {list.Chunks.Count} chunks");
        Assert.That(list.Length, Is.EqualTo(big.Length));
    }
}
