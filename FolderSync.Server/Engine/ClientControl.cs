using System.Text.Json;
using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Common.Protocol;
using FolderSync.Server.Commands;
using FolderSync.Server.Security;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// A client's CONTROL_REQUESTs on its sync connection (docs/protocol.md, "Control requests"): <c>folders</c>, what its
/// credential allows, and the <see cref="FolderCommands"/> verbs on the connection's own folder, asked as this client.
/// Each runs beside the session's read loop, a few at a time, within a deadline; its answer must fit one frame.
/// </summary>
internal sealed class ClientControl : IAsyncDisposable
{
    public const int MaxInFlight = 4;

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(25);

    private readonly Dictionary<long, Task> _inFlight = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _ending;
    private readonly ControlDispatcher _dispatcher;
    private readonly IFolderClient _client;
    private readonly int _maxHeaderBytes;
    private readonly ILogger _logger;

    /// <param name="credential">Null for a client the server lets in unauthenticated: it may use every folder.</param>
    public ClientControl(
        IFolderClient client, PublishedFolder folder, IEnumerable<PublishedFolder> folders, ClientCredential? credential, int maxHeaderBytes, ILogger logger, CancellationToken cancellationToken)
    {
        _client = client;
        _maxHeaderBytes = maxHeaderBytes;
        _logger = logger;
        _ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var allowed = folders.Where(f => credential?.AllowsFolder(f.Name) ?? true).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var caller = new CommandCaller(client.ClientId, folder.Access);
        _dispatcher = new ControlDispatcher(
            [new ListCommand("folders", () => Describe(allowed, folder)), .. FolderCommands.Verbs.Select(verb => new ClientFolderCommand(verb, folder, caller))],
            logger);
    }

    /// <summary>Starts answering <paramref name="request"/>; one over <see cref="MaxInFlight"/> is refused at once.</summary>
    /// <exception cref="ProtocolException">The request's id is already in flight.</exception>
    public void Accept(ControlRequestMessage request)
    {
        lock (_lock)
        {
            if (_inFlight.ContainsKey(request.RequestId))
            {
                throw new ProtocolException(ErrorCode.ProtocolViolation, $"CONTROL_REQUEST {request.RequestId} is already in flight");
            }

            if (_inFlight.Count < MaxInFlight)
            {
                _inFlight[request.RequestId] = AnswerAsync(request);
                return;
            }
        }

        Reply(request, ControlDispatcher.Refusal(ControlException.Failed, $"{MaxInFlight} control requests are already in flight on this connection; wait for their answers"));
    }

    /// <summary>Cancels what is in flight (the connection is over) and waits for it to stop.</summary>
    public async ValueTask DisposeAsync()
    {
        await _ending.CancelAsync();
        Task[] running;
        lock (_lock)
        {
            running = [.. _inFlight.Values];
        }

        await Task.WhenAll(running);
        _ending.Dispose();
    }

    private static JsonArray Describe(IEnumerable<PublishedFolder> allowed, PublishedFolder subscribed) => new(allowed.Select(f => (JsonNode)new JsonObject
    {
        ["name"] = f.Name,
        ["access"] = f.Access.ToString(),
        ["files"] = f.FileCount,
        ["bytes"] = f.Bytes,
        ["subscribed"] = f == subscribed,
    }).ToArray());

    private async Task AnswerAsync(ControlRequestMessage request)
    {
        await Task.Yield(); // Off the read loop, and out of the lock.
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_ending.Token);
            deadline.CancelAfter(Deadline);
            JsonObject answer;
            try
            {
                answer = await _dispatcher.AnswerAsync(request.Request, deadline.Token);
            }
            catch (OperationCanceledException) when (!_ending.IsCancellationRequested)
            {
                answer = ControlDispatcher.Refusal(ControlException.Timeout, $"'{request.Request["command"]}' did not finish within {Deadline.TotalSeconds:0} s");
            }

            Reply(request, answer);
        }
        catch (OperationCanceledException)
        {
            // The connection ended: nobody to answer.
        }
        finally
        {
            lock (_lock)
            {
                _inFlight.Remove(request.RequestId);
            }
        }
    }

    private void Reply(ControlRequestMessage request, JsonObject answer)
    {
        if (answer["ok"]?.GetValue<bool>() != true)
        {
            var level = answer["code"]?.GetValue<string>() == ControlException.Usage ? LogLevel.Information : LogLevel.Warning;
            _logger.Log(level, "Refused {Client}'s control request {Command}: {Code}: {Error}", _client.ClientId, Command(request), answer["code"], answer["error"]);
        }

        var response = new ControlResponseMessage(request.RequestId, answer);
        int size = JsonSerializer.SerializeToUtf8Bytes(response, ProtocolJsonContext.Default.Message).Length;
        if (size > _maxHeaderBytes)
        {
            _logger.LogWarning("{Client}'s control request {Command}: the answer of {Size} bytes does not fit one frame", _client.ClientId, Command(request), size);
            response = new ControlResponseMessage(request.RequestId, ControlDispatcher.Refusal(
                ControlException.Failed, $"the answer ({size} bytes) is over the {_maxHeaderBytes}-byte frame limit; narrow the request"));
        }

        _client.Send(response);
    }

    /// <summary>The verb asked, for the log: short, whatever the client sent.</summary>
    private static string Command(ControlRequestMessage request) =>
        request.Request["command"]?.ToJsonString() is { } command ? command[..Math.Min(command.Length, 64)] : "(none)";
}
