using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FolderSync.Client.Hosting;
using FolderSync.Common.Hosting;

namespace FolderSync.Client.Commands;

/// <summary>
/// <c>wait [--timeout SECONDS]</c>: answers once everything seen so far is synced both ways, i.e. the client is
/// connected, the connection's index is reconciled, no upload awaits its ACK, no download is asked for, no path waits
/// for a retry and no work is queued on the folder loop, and that has held for one debounce interval (so a change the
/// watcher saw just before is counted). Refused at once while paused.
/// </summary>
internal sealed class WaitCommand(ClientService service, TimeSpan debounce) : IControlHandler
{
    public const string Name = "wait";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public string Command => Name;

    public static Command Create(DaemonCommandLine cli)
    {
        var json = ControlCommand.JsonOption();
        var timeout = new Option<double?>("--timeout") { Description = "Give up after this many seconds (exit code 3)" };
        var command = new Command(Name, "Return once everything seen so far is synced both ways") { json, timeout };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => cli.GuardAsync(async () =>
        {
            double? seconds = result.GetValue(timeout);
            if (seconds is <= 0)
            {
                throw new UsageException("--timeout must be a positive number of seconds");
            }

            var request = new JsonObject { ["command"] = Name, ["timeoutSeconds"] = seconds };
            using var drawing = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var bar = Console.IsOutputRedirected || result.GetValue(json)
                ? Task.CompletedTask
                : ProgressLine.RunAsync(ControlCommand.SocketPath(cli, result), drawing.Token);
            var (exit, answer) = await ControlCommand.AskAsync(cli, result, request, seconds is { } s ? TimeSpan.FromSeconds(s + 10) : null, ct);
            await drawing.CancelAsync();
            await bar;
            if (answer is not null && result.GetValue(json))
            {
                ControlCommand.Print(answer, json: true, _ => string.Empty);
            }

            return exit;
        }));
        return command;
    }

    public async Task<JsonObject> HandleAsync(JsonObject request, CancellationToken cancellationToken)
    {
        double? seconds = request["timeoutSeconds"]?.GetValue<double>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (seconds is { } limit)
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(limit));
        }

        var waited = Stopwatch.StartNew();
        TimeSpan? syncedSince = null;
        JsonObject status;
        while (true)
        {
            status = service.StartedEngine is { } engine ? await engine.GetStatusAsync() : new JsonObject { ["connected"] = false };
            if (status["paused"]?.GetValue<bool>() == true)
            {
                throw new ControlException(ControlException.Failed, "paused: nothing syncs until resume");
            }

            if (!IsSynced(status))
            {
                syncedSince = null;
            }
            else if ((syncedSince ??= waited.Elapsed) + debounce <= waited.Elapsed)
            {
                return new JsonObject
                {
                    ["synced"] = true,
                    ["waitedSeconds"] = Math.Round(waited.Elapsed.TotalSeconds, 2),
                    ["lastSequence"] = status["lastSequence"]?.DeepClone(),
                    ["filesTracked"] = status["filesTracked"]?.DeepClone(),
                };
            }

            try
            {
                await Task.Delay(Poll, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ControlException(ControlException.Timeout, string.Create(
                    CultureInfo.InvariantCulture,
                    $"not synced after {seconds} s: {(status["connected"]?.GetValue<bool>() == true ? "connected" : "not connected")}, {status["pendingUploads"]} up and {status["pendingDownloads"]} down pending"));
            }
        }
    }

    private static bool IsSynced(JsonObject status) =>
        status["connected"]?.GetValue<bool>() == true
        && status["pendingUploads"]?.GetValue<int>() == 0
        && status["pendingDownloads"]?.GetValue<int>() == 0;
}
