using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary>
/// Verbs that ask the running daemon through its control socket. Exit codes: 0 done, 1 not running (or it could not
/// do it now), 2 usage or configuration, 3 timed out.
/// </summary>
public static class ControlCommand
{
    public const int NotRunning = 1;
    public const int TimedOut = 3;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print the answer as JSON" };

    public static Command Create(DaemonCommandLine cli, ControlVerb verb)
    {
        var json = JsonOption();
        var command = new Command(verb.Name, verb.Description) { json };
        foreach (var argument in verb.Positionals)
        {
            command.Add(argument);
        }

        foreach (var option in verb.Options)
        {
            command.Add(option);
        }

        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => cli.GuardAsync(async () =>
        {
            var request = verb.Arguments(result);
            request["command"] = verb.Name;
            var (exit, answer) = await AskAsync(cli, result, request, verb.Timeout(result), ct);
            if (answer is not null)
            {
                Print(answer, result.GetValue(json), verb.Format);
            }

            return exit;
        }));
        return command;
    }

    /// <summary>The control socket of the daemon this parse's configuration names.</summary>
    public static string SocketPath(DaemonCommandLine cli, ParseResult result) =>
        Path.Combine(cli.Daemon.StateDirectory(cli.Load(result)), StatusEndpoint.FileName);

    /// <summary>
    /// Sends <paramref name="request"/>; returns the exit code and the answer when it is one to print (a refusal
    /// or a daemon that is not there is written to stderr here).
    /// </summary>
    public static async Task<(int Exit, JsonObject? Answer)> AskAsync(
        DaemonCommandLine cli, ParseResult result, JsonObject request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        string socketPath = SocketPath(cli, result);
        string name = cli.Daemon.Name;
        JsonObject? answer;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // A daemon that accepts but never answers must not hang the script asking.
            if (timeout is { } limit)
            {
                deadline.CancelAfter(limit);
            }

            try
            {
                answer = await StatusQuery.TryRequestAsync(socketPath, request, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"{name} did not answer on {socketPath} within {timeout!.Value.TotalSeconds:0} s");
                return (TimedOut, null);
            }
        }

        if (answer is null)
        {
            await Console.Error.WriteLineAsync($"{name} is not running (no answer on {socketPath})");
            return (NotRunning, null);
        }

        if (answer["ok"]?.GetValue<bool>() != true)
        {
            await Console.Error.WriteLineAsync($"{name}: {answer["error"]}");
            return (ControlException.ExitCodeFor(answer["code"]?.GetValue<string>()), null);
        }

        answer.Remove("ok");
        return (0, answer);
    }

    public static void Print(JsonObject answer, bool json, Func<JsonObject, string> format)
    {
        string text = json ? answer.ToJsonString(Indented) : format(answer);
        if (text.Length > 0)
        {
            Console.WriteLine(text);
        }
    }
}
