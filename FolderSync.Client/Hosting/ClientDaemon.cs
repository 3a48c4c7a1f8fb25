using FolderSync.Client.Commands;
using FolderSync.Client.Configuration;
using FolderSync.Common.Hosting;
using Microsoft.Extensions.Configuration;

namespace FolderSync.Client.Hosting;

/// <summary>Start-up of <c>foldersync-client</c>: configuration, validation, logging, then the host.</summary>
internal static class ClientDaemon
{
    public const string Name = "foldersync-client";

    public static DaemonDefinition Definition { get; } = new(
        Name,
        "FolderSync client: keeps a local folder in sync with a FolderSync server",
        ClientConfigSchema.Create(),
        RunAsync,
        invocation => Bind(invocation.Configuration, invocation.ConfigPath).StateDir,
        ClientStatusFormatter.Format)
    {
        Commands =
        [
            WaitCommand.Create,
            cli => ControlCommand.Create(cli, PauseCommand.PauseVerb),
            cli => ControlCommand.Create(cli, PauseCommand.ResumeVerb),
            cli => ControlCommand.Create(cli, RescanCommand.Verb),
            cli => ControlCommand.Create(cli, FoldersCommand.Verb),
            cli => ActivityCommand.Create(cli, withFolder: false),
            .. HistoryVerbs.Commands(folderOption: false),
        ],
    };

    public static ClientOptions Bind(IConfiguration configuration, string? configPath)
    {
        var options = new ClientOptions();
        Populate(options, configuration, configPath);
        return options;
    }

    /// <summary>Binds the root keys; relative paths are taken from the config file's directory.</summary>
    private static void Populate(ClientOptions options, IConfiguration configuration, string? configPath)
    {
        DaemonConfiguration.Bind(configuration, () => configuration.Bind(options));
        options.StateDir = DaemonConfiguration.ResolvePath(configPath, options.StateDir);
        if (!string.IsNullOrWhiteSpace(options.LocalPath))
        {
            options.LocalPath = DaemonConfiguration.ResolvePath(configPath, options.LocalPath);
        }
    }

    private static Task<int> RunAsync(DaemonInvocation invocation, CancellationToken cancellationToken)
    {
        var options = Bind(invocation.Configuration, invocation.ConfigPath);
        return DaemonHost.RunAsync<ClientOptions, ClientService>(
            Name,
            invocation,
            options,
            options.StateDir,
            new ClientOptionsValidator(),
            o => Populate(o, invocation.Configuration, invocation.ConfigPath),
            cancellationToken);
    }
}
