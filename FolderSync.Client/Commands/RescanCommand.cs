using System.Text.Json.Nodes;
using FolderSync.Client.Hosting;
using FolderSync.Common.Hosting;

namespace FolderSync.Client.Commands;

/// <summary><c>rescan</c>: a full scan of the local folder now; answers once what it found is reconciled.</summary>
internal sealed class RescanCommand(ClientService service) : IControlHandler
{
    public static ControlVerb Verb { get; } = new("rescan", "Scan the whole local folder now (as after a watcher overflow)")
    {
        // A large folder takes as long as it takes; Ctrl-C stops waiting, not the scan.
        Timeout = _ => null,
        Format = answer => $"rescanned in {answer["seconds"]} s",
    };

    public string Command => Verb.Name;

    public async Task<JsonObject> HandleAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await service.Engine.RescanAsync().WaitAsync(cancellationToken);
        return new JsonObject { ["seconds"] = Math.Round(started.Elapsed.TotalSeconds, 2) };
    }
}
