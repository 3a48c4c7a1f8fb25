namespace FolderSync.Common.FileSystem;

/// <summary>How long and how much the trash keeps; the oldest batches go first.</summary>
public sealed record TrashRetention(TimeSpan MaxAge, long MaxBytes)
{
    public static TrashRetention Default { get; } = new(TimeSpan.FromDays(30), 1L << 30);

    /// <summary><c>Sync:TrashRetentionDays</c>, with the default byte limit.</summary>
    public static TrashRetention ForDays(int days) => Default with { MaxAge = TimeSpan.FromDays(days) };
}
