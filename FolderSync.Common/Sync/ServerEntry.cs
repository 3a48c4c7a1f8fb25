namespace FolderSync.Common.Sync;

/// <summary>The server's row for a path: live content, or a tombstone (<see cref="State"/> is then the last content, if known).</summary>
/// <param name="Origin">Who authored the current content (or the delete): <c>server</c> or a client id.</param>
public sealed record ServerEntry(EntryState? State, bool IsTombstone, string Origin)
{
    public static ServerEntry Live(EntryState state, string origin) => new(state, false, origin);

    public static ServerEntry Tombstone(string origin, EntryState? lastState = null) => new(lastState, true, origin);

    /// <summary>The live content, or null for a tombstone.</summary>
    public EntryState? LiveState => IsTombstone ? null : State;
}
