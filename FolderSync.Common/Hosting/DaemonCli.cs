using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary>
/// The verbs both executables share: <c>run</c> (the default) and <c>status [--json]</c>.
/// Tokens the parser does not know (<c>--Section:Key=value</c>) become configuration overrides.
/// </summary>
public static class DaemonCli
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);

    public static Task<int> InvokeAsync(DaemonDefinition daemon, string[] args)
    {
        var config = new Option<string?>("--config", "-c") { Description = "Path of the JSON configuration file" };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };

        var run = new Command("run", $"Run the {daemon.Name} daemon (the default)") { config };
        run.TreatUnmatchedTokensAsErrors = false;
        run.SetAction((result, ct) => RunAsync(daemon, result, config, ct));

        var status = new Command("status", "Ask the running daemon for its status") { config, json };
        status.TreatUnmatchedTokensAsErrors = false;
        status.SetAction((result, ct) => StatusAsync(daemon, result, config, json, ct));

        var root = new RootCommand(daemon.Description) { config, run, status };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((result, ct) => RunAsync(daemon, result, config, ct));
        return root.Parse(args).InvokeAsync();
    }

    private static async Task<int> RunAsync(DaemonDefinition daemon, ParseResult result, Option<string?> config, CancellationToken cancellationToken)
    {
        try
        {
            return await daemon.Run(new DaemonInvocation(result.GetValue(config), result.UnmatchedTokens), cancellationToken);
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"{daemon.Name}: configuration error: {ex.Message}");
            return ConfigurationException.ExitCode;
        }
    }

    private static async Task<int> StatusAsync(
        DaemonDefinition daemon, ParseResult result, Option<string?> config, Option<bool> json, CancellationToken cancellationToken)
    {
        string socketPath;
        try
        {
            var configPath = result.GetValue(config);
            var configuration = DaemonConfiguration.Build(configPath, result.UnmatchedTokens);
            socketPath = Path.Combine(daemon.StateDirectory(configuration, configPath), StatusEndpoint.FileName);
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"{daemon.Name}: configuration error: {ex.Message}");
            return ConfigurationException.ExitCode;
        }

        JsonObject? status;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // A daemon that accepts but never answers must not hang the script asking.
            timeout.CancelAfter(StatusTimeout);
            try
            {
                status = await StatusQuery.TryQueryAsync(socketPath, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"{daemon.Name} did not answer on {socketPath} within {StatusTimeout.TotalSeconds:0} s");
                return 1;
            }
        }

        if (status is null)
        {
            await Console.Error.WriteLineAsync($"{daemon.Name} is not running (no answer on {socketPath})");
            return 1;
        }

        Console.WriteLine(result.GetValue(json) ? status.ToJsonString(Indented) : daemon.FormatStatus(status));
        return 0;
    }
}
