using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary><c>status [--json]</c>: asks the running daemon through the Unix socket in its state directory.</summary>
public static class StatusCommand
{
    public const string Name = "status";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Command Create(DaemonCommandLine cli)
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };
        var status = new Command(Name, "Ask the running daemon for its status") { json };
        status.TreatUnmatchedTokensAsErrors = false;
        status.SetAction((result, ct) => cli.GuardAsync(() => StatusAsync(cli, result, result.GetValue(json), ct)));
        return status;
    }

    private static async Task<int> StatusAsync(DaemonCommandLine cli, ParseResult result, bool json, CancellationToken cancellationToken)
    {
        var daemon = cli.Daemon;
        string socketPath = Path.Combine(daemon.StateDirectory(cli.Load(result)), StatusEndpoint.FileName);
        JsonObject? status;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // A daemon that accepts but never answers must not hang the script asking.
            timeout.CancelAfter(Timeout);
            try
            {
                status = await StatusQuery.TryQueryAsync(socketPath, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"{daemon.Name} did not answer on {socketPath} within {Timeout.TotalSeconds:0} s");
                return 1;
            }
        }

        if (status is null)
        {
            await Console.Error.WriteLineAsync($"{daemon.Name} is not running (no answer on {socketPath})");
            return 1;
        }

        Console.WriteLine(json ? status.ToJsonString(Indented) : daemon.FormatStatus(status));
        return 0;
    }
}
