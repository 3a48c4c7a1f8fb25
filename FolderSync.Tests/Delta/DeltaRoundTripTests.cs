using System.Security.Cryptography;
using FolderSync.Common.Delta;
using FolderSync.Common.Protocol;

namespace FolderSync.Tests.Delta;

public sealed class DeltaRoundTripTests
{
    private const int Mib = 1024 * 1024;

    private static readonly byte[] Base = DeltaText.Generate(4 * Mib, seed: 21);

    [Test]
    public void Identical_files_are_one_copy_and_no_literal()
    {
        var plan = RoundTrip(Base, Base);

        Assert.That(plan.Ops, Is.EqualTo(new[] { DeltaOp.Copy(0, Base.Length) }));
        Assert.That(plan.LiteralBytes, Is.Zero);
    }

    [Test]
    public void A_one_line_edit_in_the_middle_of_64_MiB_moves_under_one_percent()
    {
        byte[] big = DeltaText.Generate(64 * Mib, seed: 5);
        byte[] edited = DeltaText.ReplaceLine(big, big.Length / 2, "this line was edited on the server");

        var plan = RoundTrip(big, edited);

        TestContext.Out.WriteLine($"one-line edit in 64 MiB: {plan.LiteralBytes} literal bytes ({100.0 * plan.LiteralBytes / big.Length:F4} %), {plan.Ops.Count} ops");
        Assert.That(plan.LiteralBytes, Is.LessThanOrEqualTo(big.Length / 100));
        Assert.That(plan.LiteralBytes, Is.LessThanOrEqualTo(3 * FastCdcChunker.MaxSize), "only the chunks around the edit");
        Assert.That(plan.Ops, Has.Count.LessThanOrEqualTo(5), "the unchanged runs coalesce");
    }

    [Test]
    public void Insertion_at_the_start() => AssertSmall(RoundTrip(Base, [.. "inserted header line\n"u8, .. Base]));

    [Test]
    public void Deletion_in_the_middle() => AssertSmall(RoundTrip(Base, [.. Base.AsSpan(0, Mib), .. Base.AsSpan(Mib + 5000)]));

    [Test]
    public void Append() => AssertSmall(RoundTrip(Base, [.. Base, .. "one more line\n"u8]));

    [Test]
    public void Truncation_is_copies_only()
    {
        var plan = RoundTrip(Base, Base[..(Base.Length / 2)]);

        Assert.That(plan.LiteralBytes, Is.LessThanOrEqualTo(FastCdcChunker.MaxSize), "at most the cut last chunk");
    }

    [Test]
    public void Completely_different_content_is_all_literal()
    {
        byte[] other = DeltaText.Generate(Mib, seed: 99);

        var plan = RoundTrip(Base, other);

        Assert.That(plan.LiteralBytes, Is.EqualTo(other.Length));
        Assert.That(plan.Ops, Has.Count.EqualTo(1));
    }

    [Test]
    public void Empty_base_and_empty_result()
    {
        Assert.That(RoundTrip([], Base[..1000]).LiteralBytes, Is.EqualTo(1000));
        Assert.That(RoundTrip(Base, []).Ops, Is.Empty);
    }

    [Test]
    public void A_body_that_disagrees_with_the_ops_is_detected()
    {
        var ops = new[] { DeltaOp.Copy(0, 10), DeltaOp.Literal(5) };
        using var tooLong = new DeltaApplier(new MemoryStream(Base), ops, _ => { });
        Assert.Throws<InvalidDataException>(() => tooLong.WriteLiteral(new byte[6]));

        using var tooShort = new DeltaApplier(new MemoryStream(Base), ops, _ => { });
        tooShort.WriteLiteral(new byte[4]);
        Assert.Throws<InvalidDataException>(tooShort.Finish);
    }

    internal static DeltaPlan RoundTrip(byte[] oldContent, byte[] newContent)
    {
        var plan = DeltaPlanner.Plan(FastCdcChunker.Chunk(new MemoryStream(oldContent)), new MemoryStream(newContent));
        Assert.That(plan.Size, Is.EqualTo(newContent.Length));
        Assert.That(plan.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(newContent))));
        var message = new FileDeltaMessage(0, "f.txt", plan.Size, 0, plan.Sha256, plan.BaseSha256, 1, null, plan.Ops);
        Assert.That(message.OpsError(), Is.Null);
        Assert.That(message.BodyLength, Is.EqualTo(plan.LiteralBytes));

        // The body as the sender reads it, fed in awkward slices as the network delivers it.
        using var body = new LiteralRangeStream(new MemoryStream(newContent), plan.LiteralRanges());
        var output = new MemoryStream();
        using var applier = new DeltaApplier(new MemoryStream(oldContent), plan.Ops, data => output.Write(data));
        var slice = new byte[3001];
        int read;
        while ((read = body.Read(slice)) > 0)
        {
            applier.WriteLiteral(slice.AsSpan(0, read));
        }

        applier.Finish();
        Assert.That(body.Position, Is.EqualTo(plan.LiteralBytes));
        Assert.That(output.ToArray().AsSpan().SequenceEqual(newContent), Is.True, "rebuilt content");
        return plan;
    }

    private static void AssertSmall(DeltaPlan plan)
    {
        TestContext.Out.WriteLine($"{plan.LiteralBytes} literal bytes, {plan.Ops.Count} ops: {string.Join(", ", plan.Ops.Select(o => o.IsLiteral ? $"+{o.Length}" : $"{o.BaseOffset}:{o.Length}"))}");
        Assert.That(plan.LiteralBytes, Is.LessThanOrEqualTo(2 * FastCdcChunker.MaxSize));
        Assert.That(plan.Ops, Has.Count.LessThanOrEqualTo(4));
    }
}
