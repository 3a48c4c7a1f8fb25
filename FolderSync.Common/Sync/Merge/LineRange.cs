namespace FolderSync.Common.Sync.Merge;

/// <summary>Lines <see cref="Start"/> (zero-based) to <see cref="Start"/> + <see cref="Count"/> of one version; an empty range marks an insertion point.</summary>
internal readonly record struct LineRange(int Start, int Count);
