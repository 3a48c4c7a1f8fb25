namespace FolderSync.Common.Delta;

/// <summary>When a sender keeps chunk lists and sends a FILE_DELTA instead of the whole file.</summary>
public static class DeltaPolicy
{
    /// <summary>Smaller files go whole: a delta would save little and cost a chunk list per file.</summary>
    public const long MinFileBytes = 1024 * 1024;

    /// <summary>About 40 bytes of JSON per op: 1,000 ops stay well inside the 64 KiB header limit.</summary>
    public const int MaxOps = 1000;

    public static bool TracksChunks(long size) => size >= MinFileBytes;

    /// <summary>
    /// The delta from the version <paramref name="baseSha256"/> (which the receivers hold) to <paramref name="newChunks"/>,
    /// or null when there is no usable base list, the ops would not fit a header, or the delta saves under half.
    /// </summary>
    public static DeltaPlan? TryPlan(ChunkList? baseChunks, string? baseSha256, ChunkList newChunks)
    {
        ArgumentNullException.ThrowIfNull(newChunks);
        if (baseChunks is null || baseSha256 is null || baseChunks.Sha256 != baseSha256 || baseSha256 == newChunks.Sha256)
        {
            return null;
        }

        var plan = DeltaPlanner.Plan(baseChunks, newChunks);
        return plan.Ops.Count <= MaxOps && plan.LiteralBytes <= newChunks.Length / 2 ? plan : null;
    }
}
