namespace FolderSync.Common.Folders;

/// <summary>Which way a change recorded in the <see cref="ActivityLog"/> went.</summary>
public enum ActivityDirection
{
    /// <summary>Client: sent to the server and accepted.</summary>
    Up,

    /// <summary>Client: received from the server and applied.</summary>
    Down,

    /// <summary>Client: kept local or reverted, as the folder's access mode wants.</summary>
    Local,

    /// <summary>Server: a client's change, accepted.</summary>
    In,

    /// <summary>Server: the host's own change, seen on its disk.</summary>
    Host,
}
