namespace FolderSync.Common.Watching;

/// <summary>What the watcher must do to its watches after an event about a directory.</summary>
internal enum DirectoryActionKind
{
    None,

    /// <summary>A directory appeared (created, or moved in): watch it, then scan it.</summary>
    Appeared,

    /// <summary>A directory moved inside the folder: its watches now answer to the new path.</summary>
    Moved,

    /// <summary>A directory is gone (deleted, moved out, or renamed to an ignored name): forget its watches.</summary>
    Gone,
}
