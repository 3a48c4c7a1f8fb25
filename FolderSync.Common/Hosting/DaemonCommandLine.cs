using System.CommandLine;
using FolderSync.Common.Hosting.Systemd;

namespace FolderSync.Common.Hosting;

/// <summary>
/// What every verb of a daemon shares: the <c>--config</c> option, turning a parse into a checked configuration,
/// and the one-line error (exit 2) for a command line or configuration that cannot work.
/// </summary>
public sealed class DaemonCommandLine(DaemonDefinition daemon, IReadOnlyList<string> commandNames)
{
    public DaemonDefinition Daemon { get; } = daemon;

    public Option<string?> Config { get; } = new("--config", "-c") { Description = "Path of the JSON configuration file", Recursive = true };

    /// <summary>The configuration this parse names; throws <see cref="ConfigurationException"/> for the first value that cannot work.</summary>
    public DaemonInvocation Load(ParseResult result)
    {
        string command = result.CommandResult.Command is RootCommand ? string.Empty : result.CommandResult.Command.Name;
        var overrides = ConfigOverrides.Parse(result.UnmatchedTokens, command, commandNames);
        string? configPath = result.GetValue(Config);
        var configuration = DaemonConfiguration.Build(configPath, overrides);
        var check = Daemon.Schema.Check(configuration);
        if (check.Errors.FirstOrDefault() is { } error)
        {
            throw new ConfigurationException(error.Key, error.Problem);
        }

        return new DaemonInvocation(configPath, configuration, check.Warnings);
    }

    /// <summary>Runs a verb's work; a usage or configuration error becomes one line on stderr and exit code 2.</summary>
    public async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (UsageException ex)
        {
            await FailAsync($"{ex.Message} (see {Daemon.Name} --help)");
            return UsageException.ExitCode;
        }
        catch (ConfigurationException ex)
        {
            await FailAsync($"configuration error: {ex.Message}");
            return ConfigurationException.ExitCode;
        }
        catch (InstanceLockedException ex)
        {
            await FailAsync(ex.Message);
            return InstanceLockedException.ExitCode;
        }
    }

    /// <summary>One line on stderr, an error for the journal when it reads us.</summary>
    public Task FailAsync(string message) =>
        Console.Error.WriteLineAsync($"{Journal.Prefix(Journal.StandardError, SyslogPriority.Error)}{Daemon.Name}: {message}");
}
