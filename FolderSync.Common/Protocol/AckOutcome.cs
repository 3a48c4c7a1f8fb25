namespace FolderSync.Common.Protocol;

/// <summary>How the server decided a client's change.</summary>
public enum AckOutcome
{
    Accepted,

    /// <summary>Both sides changed; the loser was kept at ConflictPath.</summary>
    Conflict,

    /// <summary>Refused (access mode, bad content); Message says why.</summary>
    Rejected,

    /// <summary>The server already had this content.</summary>
    NoChange,

    /// <summary>
    /// The server could not apply it now (disk full, a permission, bytes that did not match their hash); nothing
    /// changed there. Message says why; the client sends the path again later.
    /// </summary>
    Failed,
}
