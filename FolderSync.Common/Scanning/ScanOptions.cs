namespace FolderSync.Common.Scanning;

/// <summary>What the scanner syncs (DESIGN §6).</summary>
public sealed record ScanOptions
{
    public const long DefaultMaxFileSizeBytes = 100L * 1024 * 1024;

    public static ScanOptions Default { get; } = new();

    /// <summary>Files above this size are skipped as <see cref="SkipReason.TooLarge"/>.</summary>
    public long MaxFileSizeBytes { get; init; } = DefaultMaxFileSizeBytes;

    /// <summary>Extensions ("txt" or ".txt", any case) synced as text without inspecting the content.</summary>
    public IReadOnlyCollection<string> TextExtensions { get; init; } = [];

    /// <summary>Extensions never synced (skipped as <see cref="SkipReason.Binary"/> without reading).</summary>
    public IReadOnlyCollection<string> BinaryExtensions { get; init; } = [];

    /// <summary>How many files are hashed at once; defaults to the processor count.</summary>
    public int MaxParallelHashes { get; init; } = Environment.ProcessorCount;

    /// <summary>How often a file that changes while hashed is retried before it is skipped as unstable.</summary>
    public int UnstableRetries { get; init; } = 3;
}
