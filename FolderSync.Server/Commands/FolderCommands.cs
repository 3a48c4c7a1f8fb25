using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Common.Sync;
using FolderSync.Server.Engine;

namespace FolderSync.Server.Commands;

/// <summary>
/// Who asks a folder command: the server's operator on its control socket (full authority, origin <c>server</c>)
/// or a connected client over its sync connection (its id, and its access mode in that folder).
/// </summary>
public sealed record CommandCaller(string Origin, AccessMode Access)
{
    public static CommandCaller Operator { get; } = new("server", AccessMode.Full);
}

/// <summary>
/// The history verbs of one published folder (history, restore, conflicts, resolve, confirm-deletes): the same
/// request document whether it comes from the server's control socket or from a client's CONTROL_REQUEST.
/// </summary>
public static class FolderCommands
{
    public static IReadOnlySet<string> Verbs { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "history", "restore", "conflicts", "resolve", "confirm-deletes",
    };

    public static Task<JsonObject> HandleAsync(PublishedFolder folder, JsonObject request, CommandCaller caller, CancellationToken cancellationToken) =>
        throw new ControlException(ControlException.Failed, $"'{request["command"]}' is not built yet");
}
