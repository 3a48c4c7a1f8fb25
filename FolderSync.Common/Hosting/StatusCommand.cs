using System.CommandLine;

namespace FolderSync.Common.Hosting;

/// <summary><c>status [--json]</c>: asks the running daemon through the control socket in its state directory.</summary>
public static class StatusCommand
{
    public const string Name = "status";

    public static Command Create(DaemonCommandLine cli) =>
        ControlCommand.Create(cli, new ControlVerb(Name, "Ask the running daemon for its status") { Format = cli.Daemon.FormatStatus });
}
