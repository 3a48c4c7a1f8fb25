namespace FolderSync.Common.Sync.Merge;

/// <summary>
/// A three-way merge's outcome: the merged <see cref="Text"/> when every change fitted, otherwise no text and the
/// <see cref="Conflicts"/> (the caller falls back to a conflict copy, so no marker text is ever produced).
/// </summary>
internal sealed record MergeResult(string? Text, IReadOnlyList<MergeConflict> Conflicts)
{
    public bool Clean => Text is not null;

    public static MergeResult Merged(string text) => new(text, []);

    public static MergeResult Conflicted(IReadOnlyList<MergeConflict> conflicts) => new(null, conflicts);
}
