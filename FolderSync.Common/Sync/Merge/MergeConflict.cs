namespace FolderSync.Common.Sync.Merge;

/// <summary>A region both sides changed differently: where it lies in the base and what each side made of it.</summary>
internal sealed record MergeConflict(LineRange Base, LineRange Ours, LineRange Theirs);
