namespace FolderSync.Common.Sync;

/// <summary>What a client may change on the server (DESIGN §2). The server's own changes always propagate.</summary>
public enum AccessMode
{
    /// <summary>Content edits of existing files upload; local creates stay local, deletes and moves are undone.</summary>
    EditOnly,

    /// <summary>Nothing uploads; local edits are reverted (kept in trash), creates stay local.</summary>
    ReadOnly,

    /// <summary>Everything uploads: edits, creates, deletes and moves.</summary>
    Full,
}
