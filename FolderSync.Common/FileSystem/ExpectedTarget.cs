namespace FolderSync.Common.FileSystem;

/// <summary>
/// What the caller believes is at a path, checked right before acting (verify, then act).
/// <see cref="Existing"/> compares size, mtime and inode as last scanned: any difference means a
/// fresh local edit that must not be overwritten, deleted or moved.
/// </summary>
public sealed record ExpectedTarget
{
    private readonly Condition _condition;

    private ExpectedTarget(Condition condition, long size = 0, long mtimeNs = 0, long inode = 0)
    {
        _condition = condition;
        Size = size;
        MtimeNs = mtimeNs;
        Inode = inode;
    }

    private enum Condition
    {
        Any,
        Absent,
        File,
        Directory,
    }

    /// <summary>Nothing may be there (a create). Enforced atomically with RENAME_NOREPLACE where possible.</summary>
    public static ExpectedTarget Absent { get; } = new(Condition.Absent);

    /// <summary>Whatever regular file or absence is there (no check beyond refusing directories and symlinks).</summary>
    public static ExpectedTarget Any { get; } = new(Condition.Any);

    /// <summary>Any directory (for moving or removing directories).</summary>
    public static ExpectedTarget Directory { get; } = new(Condition.Directory);

    public long Size { get; }

    public long MtimeNs { get; }

    public long Inode { get; }

    /// <summary>The regular file exactly as last scanned.</summary>
    public static ExpectedTarget Existing(long size, long mtimeNs, long inode) => new(Condition.File, size, mtimeNs, inode);

    /// <summary>What <paramref name="status"/> shows, as an expectation (null: absent).</summary>
    public static ExpectedTarget Of(FileStatus? status) => status switch
    {
        null => Absent,
        { Kind: NodeKind.Directory } => Directory,
        { } s => Existing(s.Size, s.MtimeNs, s.Inode),
    };

    public bool Matches(FileStatus? actual) => _condition switch
    {
        Condition.Any => actual is null || actual.Value.Kind == NodeKind.File,
        Condition.Absent => actual is null,
        Condition.Directory => actual is { Kind: NodeKind.Directory },
        _ => actual is { Kind: NodeKind.File } a && a.Size == Size && a.MtimeNs == MtimeNs && a.Inode == Inode,
    };

    public override string ToString() => _condition switch
    {
        Condition.File => $"file size={Size} mtimeNs={MtimeNs} inode={Inode}",
        _ => _condition.ToString().ToLowerInvariant(),
    };
}
