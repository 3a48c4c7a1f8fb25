using FolderSync.Common.Hosting;
using FolderSync.Server.Commands;
using FolderSync.Server.Configuration;
using Microsoft.Extensions.Configuration;

namespace FolderSync.Server.Hosting;

/// <summary>Start-up of <c>foldersync-server</c>: configuration, validation, logging, then the host.</summary>
internal static class ServerDaemon
{
    public const string Name = "foldersync-server";

    public static DaemonDefinition Definition { get; } = new(
        Name,
        "FolderSync server: publishes folders to FolderSync clients",
        ServerConfigSchema.Create(),
        RunAsync,
        invocation => Bind(invocation.Configuration, invocation.ConfigPath).StateDir,
        ServerStatusFormatter.Format)
    {
        Commands =
        [
            ClientConfigCommand.Create,
            cli => ControlCommand.Create(cli, ListCommand.ClientsVerb),
            cli => ControlCommand.Create(cli, ListCommand.FoldersVerb),
            cli => ActivityCommand.Create(cli, withFolder: true),
            .. HistoryVerbs.Commands(folderOption: true),
        ],
    };

    public static ServerOptions Bind(IConfiguration configuration, string? configPath)
    {
        var options = new ServerOptions();
        Populate(options, configuration, configPath);
        return options;
    }

    /// <summary>Binds the root keys; relative paths are taken from the config file's directory.</summary>
    private static void Populate(ServerOptions options, IConfiguration configuration, string? configPath)
    {
        DaemonConfiguration.Bind(configuration, () => configuration.Bind(options));
        options.StateDir = DaemonConfiguration.ResolvePath(configPath, options.StateDir);
        foreach (var folder in options.Folders.Values)
        {
            if (!string.IsNullOrWhiteSpace(folder.Path))
            {
                folder.Path = DaemonConfiguration.ResolvePath(configPath, folder.Path);
            }
        }
    }

    private static Task<int> RunAsync(DaemonInvocation invocation, CancellationToken cancellationToken)
    {
        var options = Bind(invocation.Configuration, invocation.ConfigPath);
        return DaemonHost.RunAsync<ServerOptions, ServerService>(
            Name,
            invocation,
            options,
            options.StateDir,
            new ServerOptionsValidator(),
            o => Populate(o, invocation.Configuration, invocation.ConfigPath),
            cancellationToken);
    }
}
