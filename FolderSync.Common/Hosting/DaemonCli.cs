using System.CommandLine;

namespace FolderSync.Common.Hosting;

/// <summary>
/// The command line of both executables: <c>run</c> (the default), <c>status [--json]</c>, and the daemon's own
/// verbs. Left-over <c>--Section:Key=value</c> tokens override the configuration; any other word is an error
/// (exit 2), never a second daemon started by a mistyped verb.
/// </summary>
public static class DaemonCli
{
    // System.CommandLine ends the process this long after SIGTERM: longer than the host's own shutdown timeout,
    // so a daemon stopping cleanly is never cut off (the default is 2 s).
    private static readonly TimeSpan TerminationTimeout = DaemonHost.ShutdownTimeout + TimeSpan.FromSeconds(5);

    public static Task<int> InvokeAsync(DaemonDefinition daemon, string[] args)
    {
        var factories = new List<Func<DaemonCommandLine, Command>> { RunCommand.Create, StatusCommand.Create };
        factories.AddRange(daemon.Commands);
        var names = new List<string>();
        var cli = new DaemonCommandLine(daemon, names);
        var root = new RootCommand(daemon.Description) { cli.Config };
        root.TreatUnmatchedTokensAsErrors = false;
        foreach (var factory in factories)
        {
            var command = factory(cli);
            names.Add(command.Name);
            root.Add(command);
        }

        root.SetAction((result, ct) => RunCommand.RunAsync(cli, result, ct));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return FailAsync(cli, parsed.Errors[0].Message);
        }

        return parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TerminationTimeout });
    }

    private static async Task<int> FailAsync(DaemonCommandLine cli, string message)
    {
        await cli.FailAsync($"{message} (see {cli.Daemon.Name} --help)");
        return UsageException.ExitCode;
    }
}
