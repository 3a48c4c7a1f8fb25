using System.CommandLine;

namespace FolderSync.Common.Hosting;

/// <summary><c>run</c>: the daemon itself, until SIGTERM. It is also what the executable does with no verb.</summary>
public static class RunCommand
{
    public const string Name = "run";

    public static Command Create(DaemonCommandLine cli)
    {
        var run = new Command(Name, $"Run the {cli.Daemon.Name} daemon (the default)") { TreatUnmatchedTokensAsErrors = false };
        run.SetAction((result, ct) => RunAsync(cli, result, ct));
        return run;
    }

    public static Task<int> RunAsync(DaemonCommandLine cli, ParseResult result, CancellationToken cancellationToken) =>
        cli.GuardAsync(() => cli.Daemon.Run(cli.Load(result), cancellationToken));
}
