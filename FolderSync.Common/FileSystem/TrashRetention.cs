namespace FolderSync.Common.FileSystem;

/// <summary>How long and how much the trash keeps; the oldest batches go first.</summary>
public sealed record TrashRetention(TimeSpan MaxAge, long MaxBytes)
{
    public static TrashRetention Default { get; } = new(TimeSpan.FromDays(30), 1L << 30);
}
