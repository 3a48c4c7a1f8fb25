using FolderSync.Common.Hosting;
using FolderSync.Common.Sync;

namespace FolderSync.Server.Commands;

/// <summary>
/// Who asks a folder command: the server's operator on its control socket (full authority, origin <c>server</c>)
/// or a connected client over its sync connection (its id, and its access mode in that folder).
/// </summary>
public sealed record CommandCaller(string Origin, AccessMode Access)
{
    public static CommandCaller Operator { get; } = new("server", AccessMode.Full);

    public bool IsOperator => Origin == Operator.Origin;

    /// <summary>Refuses a verb that changes the folder to a ReadOnly client (code <c>failed</c>).</summary>
    public void RequireWrite(string verb)
    {
        if (Access == AccessMode.ReadOnly)
        {
            throw new ControlException(ControlException.Failed, $"{verb}: {Origin} has ReadOnly access to this folder and cannot change it");
        }
    }

    /// <summary>Refuses a verb that creates or deletes files to an EditOnly client (DESIGN.md §2: its creates and deletes never reach the server).</summary>
    public void RequireFull(string verb, string why)
    {
        RequireWrite(verb);
        if (Access != AccessMode.Full)
        {
            throw new ControlException(ControlException.Failed, $"{verb}: {Origin} has {Access} access to this folder: {why}, which only Full clients may do");
        }
    }
}
