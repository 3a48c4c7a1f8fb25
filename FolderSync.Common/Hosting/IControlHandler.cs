using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary>
/// One verb a running daemon answers on its control socket: <c>{"command":Command, ...args}</c> in, the result's
/// fields out (the endpoint adds <c>"ok":true</c>). A handler refuses with <see cref="ControlException"/>.
/// </summary>
public interface IControlHandler
{
    string Command { get; }

    Task<JsonObject> HandleAsync(JsonObject request, CancellationToken cancellationToken);
}
