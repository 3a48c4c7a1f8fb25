using System.Security.Cryptography;
using FolderSync.Common.Compression;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Compression;

/// <summary>The Brotli body encoding on its own: what is sent, and what a receiver accepts.</summary>
public sealed class BodyCompressionTests
{
    private static byte[] Text(int size) => System.Text.Encoding.UTF8.GetBytes(
        string.Concat(Enumerable.Range(0, (size / 20) + 1).Select(i => $"line {i}: the quick brown fox jumps\n")))[..size];

    private static async Task<(string? Encoding, byte[] Wire)> EncodeAsync(byte[] raw)
    {
        using var encoded = await EncodedBody.EncodeAsync(new MemoryStream(raw), raw.Length, CancellationToken.None);
        using var wire = new MemoryStream();
        await encoded.AsStream().CopyToAsync(wire);
        Assert.That(wire.Length, Is.EqualTo(encoded.Length));
        return (encoded.Encoding, wire.ToArray());
    }

    private static byte[] Decode(byte[] wire, long size, int sliceBytes = 1000)
    {
        using var decoder = new BrotliBodyDecoder(size);
        var output = new MemoryStream();
        for (int at = 0; at < wire.Length; at += sliceBytes)
        {
            decoder.Decode(wire.AsSpan(at, Math.Min(sliceBytes, wire.Length - at)), bytes => output.Write(bytes));
        }

        decoder.Finish();
        return output.ToArray();
    }

    [Test]
    public async Task Text_is_encoded_and_decodes_slice_by_slice_to_the_same_bytes()
    {
        byte[] raw = Text(3 * 1024 * 1024);
        var (encoding, wire) = await EncodeAsync(raw);
        Assert.That(encoding, Is.EqualTo(BodyEncoding.Brotli));
        Assert.That(wire.Length, Is.LessThan(raw.Length / 4), "repetitive text shrinks well at quality 1");
        Assert.That(SHA256.HashData(Decode(wire, raw.Length, sliceBytes: 777)), Is.EqualTo(SHA256.HashData(raw)));
    }

    [Test]
    public async Task Bytes_that_do_not_shrink_by_an_eighth_go_raw()
    {
        byte[] raw = RandomNumberGenerator.GetBytes(64 * 1024);
        var (encoding, wire) = await EncodeAsync(raw);
        Assert.That(encoding, Is.Null);
        Assert.That(wire, Is.EqualTo(raw));
    }

    [Test]
    public void Sizes_outside_the_window_are_not_buffered()
    {
        Assert.That(EncodedBody.Fits(EncodedBody.MinBytes - 1), Is.False);
        Assert.That(EncodedBody.Fits(EncodedBody.MaxBytes + 1), Is.False);
        Assert.That(EncodedBody.Fits(64 * 1024), Is.True);
    }

    [Test]
    public void A_body_that_decodes_past_its_announced_size_is_refused_before_the_excess_is_written()
    {
        byte[] raw = Text(200_000);
        byte[] wire = BrotliBytes.Encode(raw);
        long written = 0;
        using var decoder = new BrotliBodyDecoder(1000);
        Assert.Throws<InvalidDataException>(() => decoder.Decode(wire, bytes => written += bytes.Length));
        Assert.That(written, Is.LessThanOrEqualTo(1000));
    }

    [Test]
    public void A_truncated_body_fails_at_the_end()
    {
        byte[] raw = Text(100_000);
        byte[] wire = BrotliBytes.Encode(raw);
        Assert.Throws<InvalidDataException>(() => Decode(wire[..(wire.Length / 2)], raw.Length));
    }

    [Test]
    public void A_body_shorter_than_announced_fails_at_the_end()
    {
        byte[] raw = Text(100_000);
        Assert.Throws<InvalidDataException>(() => Decode(BrotliBytes.Encode(raw), raw.Length + 1));
    }

    [Test]
    public void Bytes_after_the_end_of_the_stream_are_refused()
    {
        byte[] raw = Text(10_000);
        byte[] wire = [.. BrotliBytes.Encode(raw), .. "tail"u8.ToArray()];
        Assert.Throws<InvalidDataException>(() => Decode(wire, raw.Length, sliceBytes: wire.Length));
    }

    [Test]
    public void Garbage_is_refused()
    {
        byte[] garbage = RandomNumberGenerator.GetBytes(4096);
        Assert.Throws<InvalidDataException>(() => Decode(garbage, 100_000));
    }
}
