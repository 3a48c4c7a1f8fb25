namespace FolderSync.Common.State;

/// <summary>Well-known keys of the <c>meta</c> table.</summary>
public static class MetaKeys
{
    /// <summary>Server: the folder's current (last issued) sequence number.</summary>
    public const string Sequence = "sequence";

    /// <summary>Server: tombstones with a sequence up to this one were pruned.</summary>
    public const string TombstonesPrunedUpTo = "tombstones_pruned_up_to";

    /// <summary>Client: the last server sequence applied.</summary>
    public const string LastSequence = "last_sequence";

    public const string ClientId = "client_id";

    /// <summary>Client: the pinned server certificate fingerprint.</summary>
    public const string ServerFingerprint = "server_fingerprint";

    /// <summary>Client: the folder this state was made for.</summary>
    public const string Folder = "folder";

    /// <summary>Client: the full LocalPath this state describes.</summary>
    public const string LocalPath = "local_path";
}
