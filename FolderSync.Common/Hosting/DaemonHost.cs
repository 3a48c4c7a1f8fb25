using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using FolderSync.Common.Configuration;
using FolderSync.Common.FaultInjection;
using FolderSync.Common.Native;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;

namespace FolderSync.Common.Hosting;

/// <summary>
/// What both daemons do after parsing their command line: check every option (exit 2 naming the key),
/// create the state directory, log through Serilog, and run the service and the status socket on the
/// generic host until SIGTERM.
/// </summary>
public static class DaemonHost
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    // The annotations keep the constructors DI and options call by reflection in a trimmed, native AOT build.
    public static async Task<int> RunAsync<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TService>(
        string name,
        IConfiguration configuration,
        TOptions options,
        string stateDir,
        IValidateOptions<TOptions> validator,
        Action<TOptions> populate,
        CancellationToken cancellationToken)
        where TOptions : class
        where TService : class, IHostedService, IStatusSource
    {
        // Before anything opens a file: the wrong open(2) flags would silently follow symlinks.
        if (ArchitectureFlags.Problem(RuntimeInformation.ProcessArchitecture) is { } architecture)
        {
            throw new ConfigurationException("architecture", architecture);
        }

        var sync = configuration.GetSection(SyncOptions.Section).Get<SyncOptions>() ?? new SyncOptions();
        var health = configuration.GetSection(HealthOptions.Section).Get<HealthOptions>() ?? new HealthOptions();
        if (SharedOptionsValidation.Validate(sync, health).FirstOrDefault() is { } shared)
        {
            throw new ConfigurationException(shared.Key, shared.Problem);
        }

        if (validator.Validate(null, options).Failures?.FirstOrDefault() is { } failure)
        {
            int colon = failure.IndexOf(": ", StringComparison.Ordinal);
            throw new ConfigurationException(failure[..Math.Max(0, colon)], failure[(colon + 2)..]);
        }

        if (KillSwitch.EnvironmentProblem() is { } killProblem)
        {
            throw new ConfigurationException(KillSwitch.EnvironmentVariable, killProblem);
        }

        var levels = LogLevels.Read(configuration);
        StateDirectory.Create(stateDir);
        await using var logger = LoggingSetup.Create(levels, stateDir, name);
        try
        {
            if (KillSwitch.Armed is { } armed)
            {
                logger.Warning("Fault injection armed: {Variable}={Plan} kills this daemon there (for tests only)", KillSwitch.EnvironmentVariable, armed);
            }

            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = name });
            builder.Configuration.AddConfiguration(configuration);
            builder.Logging.AddSerilog(logger);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
            builder.Services.AddSingleton(validator);
            builder.Services.AddOptions<TOptions>().Configure(populate).ValidateOnStart();
            builder.Services.AddSingleton(Options.Create(sync));
            builder.Services.AddSingleton(Options.Create(health));
            builder.Services.AddSingleton<TService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<TService>());
            builder.Services.AddHostedService(sp => new StatusEndpoint(
                Path.Combine(stateDir, StatusEndpoint.FileName),
                sp.GetRequiredService<TService>(),
                sp.GetRequiredService<ILogger<StatusEndpoint>>()));
            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return 0;
        }
        catch (Exception ex) when (ex is not ConfigurationException)
        {
            logger.Fatal(ex, "{Daemon} stopped: {Error}", name, ex.Message);
            return 1;
        }
    }
}
