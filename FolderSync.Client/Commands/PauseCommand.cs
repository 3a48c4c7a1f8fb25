using System.Text.Json.Nodes;
using FolderSync.Client.Hosting;
using FolderSync.Common.Hosting;

namespace FolderSync.Client.Commands;

/// <summary><c>pause</c> / <c>resume</c>: off the server and back (<see cref="Engine.PauseSwitch"/> says what paused means).</summary>
internal sealed class PauseCommand(ClientService service, bool pause) : IControlHandler
{
    public static ControlVerb PauseVerb { get; } = new("pause", "Stop syncing (kept across restarts) until resume")
    {
        Format = answer => answer["changed"]!.GetValue<bool>() ? "paused" : "already paused",
    };

    public static ControlVerb ResumeVerb { get; } = new("resume", "Sync again after pause")
    {
        Format = answer => answer["changed"]!.GetValue<bool>() ? "resumed" : "not paused",
    };

    public string Command => pause ? PauseVerb.Name : ResumeVerb.Name;

    public Task<JsonObject> HandleAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var engine = service.Engine;
        bool changed = pause ? engine.Pause() : engine.Resume();
        return Task.FromResult(new JsonObject { ["paused"] = pause, ["changed"] = changed });
    }
}
