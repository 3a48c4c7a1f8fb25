namespace FolderSync.Common.Sync;

/// <summary>The order in which plan steps run; see <see cref="PlanOrdering"/>.</summary>
internal enum PlanPhase
{
    /// <summary>Directories appear first, shallowest first, so children have a parent.</summary>
    CreateDirectory,

    /// <summary>Moves run once their destination directories exist and before their source directories go.</summary>
    Move,

    /// <summary>File content: downloads, uploads, restores, reverts, local-only and base records.</summary>
    Content,

    /// <summary>Deletes and directory removals, deepest first, so a directory is empty when removed.</summary>
    Removal,

    /// <summary>Files that take the place of a directory, after that directory's children are gone.</summary>
    ReplaceDirectory,
}
