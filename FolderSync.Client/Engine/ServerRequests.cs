using System.Text.Json;
using System.Text.Json.Nodes;
using FolderSync.Common.Framing;
using FolderSync.Common.Hosting;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;

namespace FolderSync.Client.Engine;

/// <summary>
/// Control requests forwarded to the server on the live connection (CONTROL_REQUEST), each waiting for the
/// CONTROL_RESPONSE with its id. Asked from the control socket, answered from the connection loop; a connection
/// that ends fails what waits on it.
/// </summary>
internal sealed class ServerRequests(FolderActivity activity, PauseSwitch pause)
{
    /// <summary>Longer than the server gives a request (25 s), so its own timeout answer arrives first.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<long, TaskCompletionSource<JsonObject>> _waiting = [];
    private readonly Lock _lock = new();
    private PeerLink? _link;
    private bool _serverAnswers;
    private long _lastId;

    public void Connected(PeerLink link, WelcomeMessage welcome)
    {
        lock (_lock)
        {
            _link = link;
            _serverAnswers = welcome.Capabilities?.Contains(ControlRequestMessage.Capability) == true;
        }
    }

    public void Disconnected(PeerLink link)
    {
        List<TaskCompletionSource<JsonObject>> orphans;
        lock (_lock)
        {
            if (_link != link)
            {
                return;
            }

            _link = null;
            orphans = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (var orphan in orphans)
        {
            orphan.TrySetException(new ControlException(ControlException.Failed, "the connection to the server was lost before it answered"));
        }
    }

    /// <summary>An answer for no one waiting (it came after the timeout) is dropped.</summary>
    public void OnResponse(ControlResponseMessage response)
    {
        TaskCompletionSource<JsonObject>? waiting;
        lock (_lock)
        {
            _waiting.Remove(response.RequestId, out waiting);
        }

        waiting?.TrySetResult(response.Answer);
    }

    /// <summary>The server's answer document, <c>"ok"</c> included.</summary>
    /// <exception cref="ControlException">Not connected, a request too large for a frame, no answer in time, or the connection lost.</exception>
    public async Task<JsonObject> AskAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        long id;
        lock (_lock)
        {
            if (_link is null)
            {
                string why = pause.Paused ? "paused" : activity.LastError ?? "connecting";
                throw new ControlException(ControlException.Failed, $"not connected to the server ({why})");
            }

            if (!_serverAnswers)
            {
                throw new ControlException(ControlException.Failed, "the server does not answer control requests (it is older than this client)");
            }

            id = ++_lastId;
            var message = new ControlRequestMessage(id, request);
            int size = JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJsonContext.Default.Message).Length;
            if (size > FrameLimits.DefaultMaxHeaderBytes)
            {
                throw new ControlException(ControlException.Usage, $"the request is {size} bytes, over the {FrameLimits.DefaultMaxHeaderBytes}-byte frame limit");
            }

            _waiting[id] = answer;
            if (!_link.Send(message))
            {
                _waiting.Remove(id);
                throw new ControlException(ControlException.Failed, "the connection to the server is closing");
            }
        }

        try
        {
            return await answer.Task.WaitAsync(Timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new ControlException(ControlException.Timeout, $"the server did not answer within {Timeout.TotalSeconds:0} s");
        }
        finally
        {
            lock (_lock)
            {
                _waiting.Remove(id);
            }
        }
    }
}
