using FolderSync.Client.Configuration;
using FolderSync.Common.Configuration;
using FolderSync.Common.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;

namespace FolderSync.Client.Hosting;

/// <summary>Start-up of <c>foldersync-client</c>: configuration, validation, logging, then the host.</summary>
internal static class ClientDaemon
{
    public const string Name = "foldersync-client";

    public static DaemonDefinition Definition { get; } = new(
        Name,
        "FolderSync client: keeps a local folder in sync with a FolderSync server",
        RunAsync,
        (configuration, configPath) => Bind(configuration, configPath).StateDir,
        ClientStatusFormatter.Format);

    public static ClientOptions Bind(IConfiguration configuration, string? configPath)
    {
        var options = new ClientOptions();
        Populate(options, configuration, configPath);
        return options;
    }

    /// <summary>Binds the root keys; relative paths are taken from the config file's directory.</summary>
    private static void Populate(ClientOptions options, IConfiguration configuration, string? configPath)
    {
        configuration.Bind(options);
        options.StateDir = DaemonConfiguration.ResolvePath(configPath, options.StateDir);
        if (!string.IsNullOrWhiteSpace(options.LocalPath))
        {
            options.LocalPath = DaemonConfiguration.ResolvePath(configPath, options.LocalPath);
        }
    }

    private static async Task<int> RunAsync(DaemonInvocation invocation, CancellationToken cancellationToken)
    {
        var configuration = DaemonConfiguration.Build(invocation.ConfigPath, invocation.Overrides);
        var options = Bind(configuration, invocation.ConfigPath);
        var sync = configuration.GetSection(SyncOptions.Section).Get<SyncOptions>() ?? new SyncOptions();
        var health = configuration.GetSection(HealthOptions.Section).Get<HealthOptions>() ?? new HealthOptions();
        var errors = ClientOptionsValidator.Check(options).Concat(SharedOptionsValidation.Validate(sync, health)).ToList();
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
            builder.Services.AddSingleton<IValidateOptions<ClientOptions>, ClientOptionsValidator>();
            builder.Services.AddOptions<ClientOptions>().Configure(o => Populate(o, configuration, invocation.ConfigPath)).ValidateOnStart();
            builder.Services.AddSingleton<ClientService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ClientService>());
            builder.Services.AddHostedService(sp => new StatusEndpoint(
                Path.Combine(options.StateDir, StatusEndpoint.FileName),
                sp.GetRequiredService<ClientService>(),
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
