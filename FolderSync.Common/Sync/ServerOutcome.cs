namespace FolderSync.Common.Sync;

/// <summary>The server's verdict on a client proposal.</summary>
public enum ServerOutcome
{
    /// <summary>Fast-forward: the server's current version is the client's base; apply with a new sequence.</summary>
    Accept,

    /// <summary>The server deleted the entry but the client edited it: edit beats delete, the entry comes back.</summary>
    AcceptResurrect,

    /// <summary>The server already holds exactly this; nothing to apply (the client records its base).</summary>
    NoChange,

    /// <summary>Both sides changed the content differently: <see cref="ConflictPolicy"/> picks the winner.</summary>
    Conflict,

    /// <summary>
    /// The proposal is stale and the server's side wins without a copy (an edit on the server beats the
    /// client's delete or move); the client fetches the server's state and plans again. Nothing is lost.
    /// </summary>
    Superseded,

    /// <summary>The client's access mode does not allow this change.</summary>
    Reject,
}
