namespace FolderSync.Common.Sync;

/// <summary>
/// The server's pure decision on one client proposal, given its current entry and the client's access mode.
/// It says whether the change fast-forwards, resurrects, is already there, conflicts or is refused;
/// it never picks a conflict's winner (that is <see cref="ConflictPolicy"/>, a separate step).
/// </summary>
public static class ServerDecision
{
    /// <param name="current">The server's entry at the proposal's path (for a move: at its source); null if it never existed.</param>
    /// <param name="destination">For a move only: the server's entry at the destination.</param>
    public static ServerVerdict Decide(ServerProposal proposal, ServerEntry? current, AccessMode mode, ServerEntry? destination = null)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (mode == AccessMode.ReadOnly)
        {
            return Reject("ReadOnly clients cannot change the folder");
        }

        var live = current?.LiveState;
        return proposal switch
        {
            UpdateProposal update => Update(update, live, mode),
            CreateProposal create => Create(create.State, live, mode),
            CreateDirectoryProposal => Create(EntryState.Directory(), live, mode),
            DeleteProposal delete => Delete(delete, live, mode),
            MoveProposal move => Move(move, live, destination?.LiveState, mode),
            _ => throw new ArgumentException($"Unknown proposal {proposal.GetType().Name}.", nameof(proposal)),
        };
    }

    private static ServerVerdict Update(UpdateProposal update, EntryState? live, AccessMode mode)
    {
        if (mode == AccessMode.EditOnly)
        {
            if (update.State.IsDirectory)
            {
                return Reject("EditOnly clients cannot create directories");
            }

            // With no base this is a create, allowed only as a conflict with a file the server already has.
            if (update.BaseSha256 is null && live is not { IsDirectory: false })
            {
                return Reject("EditOnly clients cannot create files");
            }

            if (update.BaseSha256 is { Length: 0 })
            {
                return Reject("EditOnly clients cannot replace a directory with a file");
            }
        }

        if (live is null)
        {
            return update.BaseSha256 is null
                ? new ServerVerdict(ServerOutcome.Accept)
                : new ServerVerdict(ServerOutcome.AcceptResurrect, "deleted on the server; the client's edit beats the delete");
        }

        if (live.SameContentAs(update.State))
        {
            return new ServerVerdict(ServerOutcome.NoChange);
        }

        if (update.BaseSha256 is null)
        {
            return new ServerVerdict(ServerOutcome.Conflict, "created on the client while the server has different content");
        }

        return string.Equals(update.BaseSha256, live.Sha256, StringComparison.Ordinal)
            ? new ServerVerdict(ServerOutcome.Accept)
            : new ServerVerdict(ServerOutcome.Conflict, "changed on the server since the client's base");
    }

    private static ServerVerdict Create(EntryState state, EntryState? live, AccessMode mode)
    {
        if (mode == AccessMode.EditOnly)
        {
            return Reject(state.IsDirectory ? "EditOnly clients cannot create directories" : "EditOnly clients cannot create files");
        }

        if (live is null)
        {
            return new ServerVerdict(ServerOutcome.Accept);
        }

        return live.SameContentAs(state)
            ? new ServerVerdict(ServerOutcome.NoChange)
            : new ServerVerdict(ServerOutcome.Conflict, "created on the client while the server has different content");
    }

    private static ServerVerdict Delete(DeleteProposal delete, EntryState? live, AccessMode mode)
    {
        if (mode == AccessMode.EditOnly)
        {
            return Reject("EditOnly clients cannot delete");
        }

        if (live is null)
        {
            return new ServerVerdict(ServerOutcome.NoChange, "already deleted on the server");
        }

        return string.Equals(delete.BaseSha256, live.Sha256, StringComparison.Ordinal)
            ? new ServerVerdict(ServerOutcome.Accept)
            : new ServerVerdict(ServerOutcome.Superseded, "changed on the server since the client's base; the edit beats the delete");
    }

    private static ServerVerdict Move(MoveProposal move, EntryState? source, EntryState? destination, AccessMode mode)
    {
        if (mode == AccessMode.EditOnly)
        {
            return Reject("EditOnly clients cannot move");
        }

        if (destination is not null && !destination.SameContentAs(move.State))
        {
            return new ServerVerdict(ServerOutcome.Conflict, "the destination exists on the server with different content");
        }

        if (source is null)
        {
            // The server deleted the source: the moved content is new to it, so the client re-plans it as a create.
            return destination is null
                ? new ServerVerdict(ServerOutcome.Superseded, "the source was deleted on the server; upload the destination as a create")
                : new ServerVerdict(ServerOutcome.NoChange, "already moved on the server");
        }

        return string.Equals(move.BaseSha256, source.Sha256, StringComparison.Ordinal)
            ? new ServerVerdict(ServerOutcome.Accept)
            : new ServerVerdict(ServerOutcome.Superseded, "the source changed on the server since the client's base; the edit stays at the old path");
    }

    private static ServerVerdict Reject(string reason) => new(ServerOutcome.Reject, reason);
}
