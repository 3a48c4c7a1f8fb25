using System.Text.Json.Nodes;
using FolderSync.Client.Hosting;
using FolderSync.Common.Hosting;

namespace FolderSync.Client.Commands;

/// <summary>A verb the server answers (<see cref="ServerVerbs"/>): the request goes up as it came, its answer or refusal comes back.</summary>
internal sealed class ForwardCommand(ClientService service, string command) : IControlHandler
{
    public string Command => command;

    public async Task<JsonObject> HandleAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var answer = await service.Engine.AskServerAsync(request, cancellationToken);
        if (answer["ok"] is JsonValue ok && ok.TryGetValue(out bool done) && done)
        {
            answer.Remove("ok");
            return answer;
        }

        string code = answer["code"] is JsonValue value && value.TryGetValue(out string? text) ? text : ControlException.Failed;
        string error = answer["error"] is JsonValue message && message.TryGetValue(out string? reason) ? reason : "no reason given";
        throw new ControlException(code, $"the server refused: {error}");
    }
}
