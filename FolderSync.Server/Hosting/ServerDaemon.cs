using FolderSync.Common.Configuration;
using FolderSync.Common.Hosting;
using FolderSync.Server.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;

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

    private static async Task<int> RunAsync(DaemonInvocation invocation, CancellationToken cancellationToken)
    {
        var configuration = DaemonConfiguration.Build(invocation.ConfigPath, invocation.Overrides);
        var options = Bind(configuration, invocation.ConfigPath);
        var sync = configuration.GetSection(SyncOptions.Section).Get<SyncOptions>() ?? new SyncOptions();
        var health = configuration.GetSection(HealthOptions.Section).Get<HealthOptions>() ?? new HealthOptions();
        var errors = ServerOptionsValidator.Check(options).Concat(SharedOptionsValidation.Validate(sync, health)).ToList();
        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors[0].Key, errors[0].Problem);
        }

        StateDirectory.Create(options.StateDir);
        await using var logger = LoggingSetup.Create(configuration, options.StateDir, Name);
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = Name });
            builder.Configuration.AddConfiguration(configuration);
            builder.Logging.AddSerilog(logger);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
            builder.Services.AddSingleton(Options.Create(sync));
            builder.Services.AddSingleton(Options.Create(health));
            builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
            builder.Services.AddOptions<ServerOptions>().Configure(o => Populate(o, configuration, invocation.ConfigPath)).ValidateOnStart();
            builder.Services.AddSingleton<ServerService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ServerService>());
            builder.Services.AddHostedService(sp => new StatusEndpoint(
                Path.Combine(options.StateDir, StatusEndpoint.FileName),
                sp.GetRequiredService<ServerService>(),
                sp.GetRequiredService<ILogger<StatusEndpoint>>()));
            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            throw new ConfigurationException("config", ex.Failures.First());
        }
        catch (Exception ex) when (ex is not ConfigurationException)
        {
            logger.Fatal(ex, "{Daemon} stopped: {Error}", Name, ex.Message);
            return 1;
        }
    }
}
