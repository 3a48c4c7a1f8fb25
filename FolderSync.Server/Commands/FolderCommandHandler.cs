using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Server.Engine;

namespace FolderSync.Server.Commands;

/// <summary>
/// A folder command on the server's control socket, asked by its operator: the request names the folder, or may
/// leave it out when the server publishes exactly one.
/// </summary>
internal sealed class FolderCommandHandler(string command, IReadOnlyDictionary<string, PublishedFolder> folders) : IControlHandler
{
    public string Command => command;

    public Task<JsonObject> HandleAsync(JsonObject request, CancellationToken cancellationToken) =>
        FolderCommands.HandleAsync(Folder(CommandRequest.Text(request, "folder")), request, CommandCaller.Operator, cancellationToken);

    private PublishedFolder Folder(string? name)
    {
        string names = string.Join(", ", folders.Keys.Order(StringComparer.Ordinal));
        if (name is null)
        {
            return folders.Count == 1
                ? folders.Values.Single()
                : throw new ControlException(ControlException.Usage, $"{command} needs --folder NAME: this server publishes {names}");
        }

        return folders.TryGetValue(name, out var folder)
            ? folder
            : throw new ControlException(ControlException.Usage, $"{command}: no folder '{name}'; this server publishes {names}");
    }
}
