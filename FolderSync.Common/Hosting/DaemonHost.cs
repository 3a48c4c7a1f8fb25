using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using FolderSync.Common.Configuration;
using FolderSync.Common.FaultInjection;
using FolderSync.Common.Hosting.Systemd;
using FolderSync.Common.Metrics;
using FolderSync.Common.Native;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;

namespace FolderSync.Common.Hosting;

/// <summary>
/// What both daemons do after parsing their command line: check every option (exit 2 naming the key), take the
/// state directory for this process alone, log through Serilog, and run the service and the status socket on
/// the generic host until SIGTERM, telling systemd where it stands when it runs us as a <c>Type=notify</c> unit.
/// </summary>
public static class DaemonHost
{
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    // The annotations keep the constructors DI and options call by reflection in a trimmed, native AOT build.
    public static async Task<int> RunAsync<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TService>(
        string name,
        DaemonInvocation invocation,
        TOptions options,
        string stateDir,
        IValidateOptions<TOptions> validator,
        Action<TOptions> populate,
        CancellationToken cancellationToken)
        where TOptions : class
        where TService : class, IHostedService, IControlSource, IMetricsSource, ILoopProbe
    {
        // Before anything opens a file: the wrong open(2) flags would silently follow symlinks.
        if (ArchitectureFlags.Problem(RuntimeInformation.ProcessArchitecture) is { } architecture)
        {
            throw new ConfigurationException("architecture", architecture);
        }

        var configuration = invocation.Configuration;
        SyncOptions? sync = null;
        HealthOptions? health = null;
        DaemonConfiguration.Bind(configuration, () =>
        {
            sync = configuration.GetSection(SyncOptions.Section).Get<SyncOptions>();
            health = configuration.GetSection(HealthOptions.Section).Get<HealthOptions>();
        });
        sync ??= new SyncOptions();
        health ??= new HealthOptions();
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

        var metrics = MetricsListen.Parse(configuration[MetricsListen.Key]);
        var levels = LogLevels.Read(configuration);
        StateDirectory.Create(stateDir);
        using var instance = InstanceLock.Acquire(stateDir, name);
        await using var root = LoggingSetup.Create(levels, stateDir, name);
        var logger = root.ForContext(Serilog.Core.Constants.SourceContextPropertyName, name);
        try
        {
            foreach (string warning in invocation.Warnings)
            {
                logger.Warning("Configuration: {Warning}", warning);
            }

            if (KillSwitch.Armed is { } armed)
            {
                logger.Warning("Fault injection armed: {Variable}={Plan} kills this daemon there (for tests only)", KillSwitch.EnvironmentVariable, armed);
            }

            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = name });
            builder.Configuration.AddConfiguration(configuration);
            builder.Logging.AddSerilog(root);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
            builder.Services.AddSingleton(validator);
            builder.Services.AddOptions<TOptions>().Configure(populate).ValidateOnStart();
            builder.Services.AddSingleton(Options.Create(sync));
            builder.Services.AddSingleton(Options.Create(health));
            builder.Services.AddSingleton<TService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<TService>());
            builder.Services.AddHostedService(sp =>
            {
                var service = sp.GetRequiredService<TService>();
                var dispatcher = new ControlDispatcher([new StatusHandler(service), .. service.ControlHandlers], sp.GetRequiredService<ILogger<ControlDispatcher>>());
                return new StatusEndpoint(Path.Combine(stateDir, StatusEndpoint.FileName), dispatcher, sp.GetRequiredService<ILogger<StatusEndpoint>>());
            });
            if (metrics is not null)
            {
                builder.Services.AddHostedService(sp => new MetricsEndpoint(metrics, sp.GetRequiredService<TService>(), sp.GetRequiredService<ILogger<MetricsEndpoint>>()));
            }

            if (SystemdNotifier.FromEnvironment() is { } notifier)
            {
                builder.Services.AddHostedService(sp => new SystemdLifecycle(
                    notifier,
                    sp.GetRequiredService<TService>(),
                    SystemdNotifier.WatchdogInterval(),
                    sp.GetRequiredService<ILogger<SystemdLifecycle>>()));
            }

            // Both daemons' heaps grow in bursts (a start-up scan, serving or receiving a first sync) that no one component sees whole.
            using var burstRelease = new BurstRelease(TimeProvider.System);
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
