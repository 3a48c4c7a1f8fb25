using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Server.Engine;

namespace FolderSync.Server.Commands;

/// <summary>
/// The history verbs of one published folder (history, restore, conflicts, resolve, confirm-deletes): the same
/// request document whether it comes from the server's control socket or from a client's CONTROL_REQUEST.
/// A path outside the folder is refused as usage; what does not exist, or what the caller may not do, as failed.
/// </summary>
public static class FolderCommands
{
    public static IReadOnlySet<string> Verbs { get; } = HistoryVerbs.Names.ToHashSet(StringComparer.Ordinal);

    public static async Task<JsonObject> HandleAsync(PublishedFolder folder, JsonObject request, CommandCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var answer = CommandRequest.Verb(request) switch
        {
            "history" => HistoryCommand.Run(folder, request),
            "restore" => await RestoreCommand.RunAsync(folder, request, caller),
            "conflicts" => ConflictsCommand.Run(folder),
            "resolve" => await ResolveCommand.RunAsync(folder, request, caller),
            "confirm-deletes" => await ConfirmDeletesCommand.RunAsync(folder, caller),
            var other => throw new ControlException(ControlException.Usage, $"'{other}' is not a folder command; these are {string.Join(", ", Verbs)}"),
        };
        cancellationToken.ThrowIfCancellationRequested();
        var named = new JsonObject { ["folder"] = folder.Name };
        foreach (var (key, value) in answer.ToList())
        {
            answer.Remove(key);
            named[key] = value;
        }

        return named;
    }
}
