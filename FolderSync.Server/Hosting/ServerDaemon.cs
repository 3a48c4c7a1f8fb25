using FolderSync.Common.Hosting;
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
        RunAsync,
        (configuration, configPath) => Bind(configuration, configPath).StateDir,
        ServerStatusFormatter.Format);

    public static ServerOptions Bind(IConfiguration configuration, string? configPath)
    {
        var options = new ServerOptions();
        Populate(options, configuration, configPath);
        return options;
    }

    /// <summary>Binds the root keys; relative paths are taken from the config file's directory.</summary>
    private static void Populate(ServerOptions options, IConfiguration configuration, string? configPath)
    {
        configuration.Bind(options);
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
        var configuration = DaemonConfiguration.Build(invocation.ConfigPath, invocation.Overrides);
        var options = Bind(configuration, invocation.ConfigPath);
        return DaemonHost.RunAsync<ServerOptions, ServerService>(
            Name,
            configuration,
            options,
            options.StateDir,
            new ServerOptionsValidator(),
            o => Populate(o, configuration, invocation.ConfigPath),
            cancellationToken);
    }
}
