using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Server.Commands;

namespace FolderSync.Server.Engine;

/// <summary>One of <see cref="FolderCommands.Verbs"/> asked by a client over its connection: on its own folder, as itself.</summary>
internal sealed class ClientFolderCommand(string command, PublishedFolder folder, CommandCaller caller) : IControlHandler
{
    public string Command => command;

    public Task<JsonObject> HandleAsync(JsonObject request, CancellationToken cancellationToken) =>
        FolderCommands.HandleAsync(folder, request, caller, cancellationToken);
}
