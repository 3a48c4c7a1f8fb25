using FolderSync.Common.Protocol;

namespace FolderSync.Common.Delta;

/// <summary>
/// Expresses a new version as copies from the base wherever a new chunk's hash is among the base's chunks,
/// and literals elsewhere. Adjacent copies of adjacent base ranges and adjacent literals are merged, so an
/// unchanged run of any length is one op. Pure: the chunk lists in, the ops out.
/// </summary>
public static class DeltaPlanner
{
    public static DeltaPlan Plan(ChunkList baseChunks, Stream newContent) => Plan(baseChunks, FastCdcChunker.Chunk(newContent));

    public static DeltaPlan Plan(ChunkList baseChunks, ChunkList newChunks)
    {
        ArgumentNullException.ThrowIfNull(baseChunks);
        ArgumentNullException.ThrowIfNull(newChunks);
        var ops = new List<DeltaOp>();
        if (baseChunks.Sha256 == newChunks.Sha256)
        {
            if (newChunks.Length > 0)
            {
                ops.Add(DeltaOp.Copy(0, newChunks.Length));
            }

            return new DeltaPlan(baseChunks.Sha256, newChunks, ops);
        }

        var index = new Dictionary<ChunkHash, int>(baseChunks.Chunks.Count);
        for (int i = 0; i < baseChunks.Chunks.Count; i++)
        {
            index.TryAdd(baseChunks.Chunks[i].Hash, i);
        }

        int next = -1;
        foreach (var chunk in newChunks.Chunks)
        {
            // Prefer the base chunk right after the previous match: repeated content then stays one long copy.
            int match = next >= 0 && next < baseChunks.Chunks.Count && baseChunks.Chunks[next].Hash == chunk.Hash
                ? next
                : index.GetValueOrDefault(chunk.Hash, -1);
            if (match >= 0)
            {
                AddCopy(ops, baseChunks.Chunks[match].Offset, chunk.Length);
                next = match + 1;
            }
            else
            {
                AddLiteral(ops, chunk.Length);
                next = -1;
            }
        }

        return new DeltaPlan(baseChunks.Sha256, newChunks, ops);
    }

    private static void AddCopy(List<DeltaOp> ops, long offset, long length)
    {
        if (ops.Count > 0 && ops[^1] is { BaseOffset: { } last } previous && last + previous.Length == offset)
        {
            ops[^1] = previous with { Length = previous.Length + length };
        }
        else
        {
            ops.Add(DeltaOp.Copy(offset, length));
        }
    }

    private static void AddLiteral(List<DeltaOp> ops, long length)
    {
        if (ops.Count > 0 && ops[^1].IsLiteral)
        {
            ops[^1] = ops[^1] with { Length = ops[^1].Length + length };
        }
        else
        {
            ops.Add(DeltaOp.Literal(length));
        }
    }
}
