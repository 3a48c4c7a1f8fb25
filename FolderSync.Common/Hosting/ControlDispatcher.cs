using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Hosting;

/// <summary>Turns one request document into one answer: the named handler's result, or why not.</summary>
public sealed class ControlDispatcher
{
    private readonly Dictionary<string, IControlHandler> _handlers = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public ControlDispatcher(IEnumerable<IControlHandler> handlers, ILogger logger)
    {
        foreach (var handler in handlers)
        {
            _handlers.Add(handler.Command, handler);
        }

        _logger = logger;
    }

    public Task<JsonObject> AnswerAsync(string line, CancellationToken cancellationToken)
    {
        try
        {
            return AnswerAsync(Parse(line), cancellationToken);
        }
        catch (ControlException ex)
        {
            return Task.FromResult(Refusal(ex.Code, ex.Message));
        }
    }

    /// <summary>The answer to a request already parsed (a client's CONTROL_REQUEST carries one).</summary>
    public async Task<JsonObject> AnswerAsync(JsonObject request, CancellationToken cancellationToken)
    {
        try
        {
            string command = request["command"]?.GetValueKind() == JsonValueKind.String ? request["command"]!.GetValue<string>() : string.Empty;
            if (!_handlers.TryGetValue(command, out var handler))
            {
                throw new ControlException(ControlException.Usage, $"unknown command '{command}'; this daemon answers {string.Join(", ", _handlers.Keys.Order(StringComparer.Ordinal))}");
            }

            var result = await handler.HandleAsync(request, cancellationToken);
            var answer = new JsonObject { ["ok"] = true };
            foreach (var (key, value) in result.ToList())
            {
                result.Remove(key);
                answer[key] = value;
            }

            return answer;
        }
        catch (ControlException ex)
        {
            return Refusal(ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Control request failed");
            return Refusal(ControlException.Failed, ex.Message);
        }
    }

    /// <summary>The answer that refuses: <c>{"ok":false,"error":error,"code":code}</c>.</summary>
    public static JsonObject Refusal(string code, string error) => new() { ["ok"] = false, ["error"] = error, ["code"] = code };

    private static JsonObject Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject ?? throw new ControlException(ControlException.Usage, "the request is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new ControlException(ControlException.Usage, $"the request is not JSON: {ex.Message}");
        }
    }
}
