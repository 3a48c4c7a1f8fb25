namespace FolderSync.Common.Folders;

/// <summary>What a change recorded in the <see cref="ActivityLog"/> did to its path.</summary>
public enum ActivityKind
{
    Edit,
    Create,
    Delete,
    Move,
    Mode,
    Dir,

    /// <summary>A conflict copy made (or an upload that lost and became one).</summary>
    Conflict,

    /// <summary>Two edits merged into one version.</summary>
    Merge,
}
