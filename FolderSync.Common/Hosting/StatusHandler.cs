using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary><c>status</c>: the daemon's status document (DESIGN §8 names its fields).</summary>
internal sealed class StatusHandler(IStatusSource source) : IControlHandler
{
    public string Command => StatusCommand.Name;

    public Task<JsonObject> HandleAsync(JsonObject request, CancellationToken cancellationToken) => source.GetStatusAsync();
}
