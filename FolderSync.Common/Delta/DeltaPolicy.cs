namespace FolderSync.Common.Delta;

/// <summary>When a sender keeps chunk lists and sends a FILE_DELTA instead of the whole file.</summary>
public static class DeltaPolicy
{
    /// <summary>Smaller files go whole: a delta would save little and cost a chunk list per file.</summary>
    public const long MinFileBytes = 1024 * 1024;

    /// <summary>Header bytes the ops and the path may take: the 64 KiB limit less room for the fixed fields.</summary>
    public const int HeaderBudget = 60 * 1024;

    /// <summary>The JSON of the widest op: <c>{"baseOffset":&lt;19 digits&gt;,"length":65536},</c>.</summary>
    public const int BytesPerOp = 52;

    public static bool TracksChunks(long size) => size >= MinFileBytes;

    /// <summary>
    /// How many ops fit one header beside <paramref name="path"/>, which JSON may escape to 6 bytes per byte
    /// (a quote becomes \u0022): about 1,170 for a short path, 700 for the longest.
    /// </summary>
    public static int MaxOps(string path) => (HeaderBudget - (6 * System.Text.Encoding.UTF8.GetByteCount(path))) / BytesPerOp;

    /// <summary>
    /// The delta from the version <paramref name="baseSha256"/> (which the receivers hold) to <paramref name="newChunks"/>,
    /// or null when there is no usable base list, the ops would not fit a header, or the delta saves under half.
    /// </summary>
    public static DeltaPlan? TryPlan(string path, ChunkList? baseChunks, string? baseSha256, ChunkList newChunks)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(newChunks);
        if (baseChunks is null || baseSha256 is null || baseChunks.Sha256 != baseSha256 || baseSha256 == newChunks.Sha256)
        {
            return null;
        }

        var plan = DeltaPlanner.Plan(baseChunks, newChunks);
        return plan.Ops.Count <= MaxOps(path) && plan.LiteralBytes <= newChunks.Length / 2 ? plan : null;
    }
}
