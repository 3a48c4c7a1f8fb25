using FolderSync.Common.Protocol;

namespace FolderSync.Common.Delta;

/// <summary>How to rebuild a new version from a base: the ops of a FILE_DELTA, and the new version's chunk list.</summary>
/// <param name="BaseSha256">The version the copy ops read from.</param>
/// <param name="NewChunks">The new version's chunks: the base of the next delta.</param>
public sealed record DeltaPlan(string BaseSha256, ChunkList NewChunks, IReadOnlyList<DeltaOp> Ops)
{
    /// <summary>SHA-256 of the new version.</summary>
    public string Sha256 => NewChunks.Sha256;

    public long Size => NewChunks.Length;

    /// <summary>Bytes that go over the wire as the body.</summary>
    public long LiteralBytes => Ops.Where(o => o.IsLiteral).Sum(o => o.Length);

    /// <summary>Where the literal bytes are in the new file, in body order.</summary>
    public IEnumerable<(long Offset, long Length)> LiteralRanges() => LiteralRangesOf(Ops);

    /// <summary>Where the literal bytes of <paramref name="ops"/> are in the new file, in body order.</summary>
    public static IEnumerable<(long Offset, long Length)> LiteralRangesOf(IReadOnlyList<DeltaOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        long position = 0;
        foreach (var op in ops)
        {
            if (op.IsLiteral)
            {
                yield return (position, op.Length);
            }

            position += op.Length;
        }
    }
}
