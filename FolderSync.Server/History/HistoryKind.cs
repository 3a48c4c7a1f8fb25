namespace FolderSync.Server.History;

/// <summary>What one history row records about its path.</summary>
public enum HistoryKind
{
    /// <summary>A version of the file's content (stored, so it can be restored).</summary>
    Content = 0,

    /// <summary>The file was deleted (or moved away): the row before it holds its last content.</summary>
    Deleted = 1,
}
