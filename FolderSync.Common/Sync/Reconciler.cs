namespace FolderSync.Common.Sync;

/// <summary>
/// The client's pure per-path decision: (base, local, remote, access mode) → action. No I/O, no clock.
/// Content is compared by kind and hash only (<see cref="EntryState.SameContentAs"/>), never by mtime.
/// Conflicts come back as explicit results; who wins is decided later by the server and <see cref="ConflictPolicy"/>.
/// </summary>
public static class Reconciler
{
    /// <param name="base">The server version the client last synced at this path; null when never synced.</param>
    /// <param name="local">The client's disk now; null when absent.</param>
    /// <param name="remote">The server's current state; null when absent or a tombstone.</param>
    public static PathDecision Reconcile(EntryState? @base, EntryState? local, EntryState? remote, AccessMode mode)
    {
        bool localChanged = !Same(@base, local);
        bool remoteChanged = !Same(@base, remote);

        if (!localChanged && !remoteChanged)
        {
            return PathDecision.Nothing;
        }

        if (Same(local, remote))
        {
            // Both made the same change (including both deleting): nothing moves, the base catches up.
            return new PathDecision(SyncAction.RecordBase);
        }

        if (!localChanged)
        {
            return ApplyRemote(local, remote!, reason: null);
        }

        return remoteChanged ? BothChanged(@base, local, remote, mode) : LocalOnlyChange(@base, local, mode);
    }

    internal static bool Same(EntryState? a, EntryState? b) => a is null ? b is null : a.SameContentAs(b);

    private static PathDecision ApplyRemote(EntryState? local, EntryState? remote, string? reason) => remote switch
    {
        null when local is { IsDirectory: true } => new PathDecision(SyncAction.RemoveLocalDirectory, reason),
        null => new PathDecision(SyncAction.DeleteLocal, reason),
        { IsDirectory: true } => new PathDecision(SyncAction.CreateLocalDirectory, reason),
        _ => new PathDecision(SyncAction.Download, reason),
    };

    /// <summary>Only the local side differs from the base; the remote still equals it.</summary>
    private static PathDecision LocalOnlyChange(EntryState? @base, EntryState? local, AccessMode mode)
    {
        if (local is null)
        {
            return mode == AccessMode.Full
                ? new PathDecision(SyncAction.UploadDelete)
                : new PathDecision(SyncAction.Restore, $"{mode} clients cannot delete; restored from the server");
        }

        if (@base is null)
        {
            return mode == AccessMode.Full
                ? new PathDecision(SyncAction.UploadCreate)
                : new PathDecision(SyncAction.KeepLocalOnly, $"{mode} clients cannot create; kept local only");
        }

        return mode switch
        {
            AccessMode.Full => new PathDecision(SyncAction.Upload),
            AccessMode.EditOnly when IsFileEdit(@base, local) => new PathDecision(SyncAction.Upload),

            // A file replaced by a directory (or the reverse) is a delete plus a create, neither allowed:
            // the server's entry must come back, and the local one cannot share its path, so it goes to trash.
            AccessMode.EditOnly => new PathDecision(SyncAction.Revert, KindChangeReason(mode, @base, local)),
            _ => new PathDecision(SyncAction.Revert, "ReadOnly clients cannot edit; local version kept in trash"),
        };
    }

    /// <summary>Both sides differ from the base and from each other.</summary>
    private static PathDecision BothChanged(EntryState? @base, EntryState? local, EntryState? remote, AccessMode mode)
    {
        if (local is null)
        {
            // Edit beats delete: the remote change comes back whatever the mode.
            return ApplyRemote(local, remote, "the remote change beats the local delete");
        }

        if (remote is null)
        {
            return LocalEditVersusRemoteDelete(@base!, local, mode);
        }

        if (mode == AccessMode.Full)
        {
            return new PathDecision(SyncAction.Conflict, ConflictReason(@base, local, remote));
        }

        if (mode == AccessMode.EditOnly && local.Kind == EntryKind.File
            && (@base is null ? remote.Kind == EntryKind.File : @base.Kind == EntryKind.File))
        {
            // The client edited a file the server also changed (or created one the server also has):
            // upload with the base and let the server decide; the loser becomes a conflict copy, not trash.
            return new PathDecision(SyncAction.Conflict, ConflictReason(@base, local, remote));
        }

        // ReadOnly never uploads, and EditOnly cannot upload a directory or a kind change:
        // the server's version wins and the local one is kept in trash, so nothing is lost.
        return new PathDecision(SyncAction.Revert, $"{mode} client cannot upload this change; the server's version is fetched, the local one kept in trash");
    }

    private static PathDecision LocalEditVersusRemoteDelete(EntryState @base, EntryState local, AccessMode mode)
    {
        const string Reason = "the local edit beats the remote delete";
        if (IsFileEdit(@base, local) && mode != AccessMode.ReadOnly)
        {
            return new PathDecision(SyncAction.Upload, Reason);
        }

        if (mode == AccessMode.Full)
        {
            // A kind change against a delete: the new local entry is simply a create on the server.
            return new PathDecision(SyncAction.UploadCreate, Reason);
        }

        // ReadOnly cannot resurrect, and EditOnly cannot create: the server deleted the entry, but the user's
        // edit is not thrown away; it stays on disk as a local-only entry listed by status.
        return new PathDecision(SyncAction.KeepLocalOnly, $"deleted on the server; the local edit is kept local only ({mode})");
    }

    private static bool IsFileEdit(EntryState @base, EntryState local) =>
        @base.Kind == EntryKind.File && local.Kind == EntryKind.File;

    private static string KindChangeReason(AccessMode mode, EntryState @base, EntryState local) =>
        $"{mode} clients cannot replace a {Describe(@base)} with a {Describe(local)}; local version kept in trash";

    private static string ConflictReason(EntryState? @base, EntryState local, EntryState remote) =>
        @base is null
            ? $"created on both sides with different content (local {Describe(local)}, remote {Describe(remote)})"
            : $"changed on both sides since the base (local {Describe(local)}, remote {Describe(remote)})";

    private static string Describe(EntryState state) => state.IsDirectory ? "directory" : "file";
}
