namespace FolderSync.Common.Sync;

/// <summary>What the client does at one path after reconciling base × local × remote.</summary>
public enum SyncAction
{
    /// <summary>Nothing changed on either side.</summary>
    None,

    /// <summary>Both sides hold the same content (or are both absent); only the base moves to it.</summary>
    RecordBase,

    /// <summary>Write the remote file to disk (create, update, or replace an unchanged local entry).</summary>
    Download,

    /// <summary>The remote deleted a file the client has not changed since the base.</summary>
    DeleteLocal,

    /// <summary>Create the remote directory on disk (replacing an unchanged local file if one is there).</summary>
    CreateLocalDirectory,

    /// <summary>The remote removed a directory the client has not changed since the base.</summary>
    RemoveLocalDirectory,

    /// <summary>Send a local change of an entry the server has or had at the base, with that base.</summary>
    Upload,

    /// <summary>Full: send a local entry the server never had at the client's base.</summary>
    UploadCreate,

    /// <summary>Full: propagate a local delete of an entry the server still has unchanged.</summary>
    UploadDelete,

    /// <summary>EditOnly/ReadOnly: a local delete is undone by fetching the remote back.</summary>
    Restore,

    /// <summary>The local change is not allowed: keep the local version in trash and fetch the remote.</summary>
    Revert,

    /// <summary>EditOnly/ReadOnly: a local entry the server will not take stays local and is listed by status.</summary>
    KeepLocalOnly,

    /// <summary>Both sides changed differently: upload with the base and let the server decide.</summary>
    Conflict,
}
