using FolderSync.Common.FaultInjection;
using FolderSync.Common.Hosting;

namespace FolderSync.Common.Configuration;

/// <summary>The keys both daemons read: the <c>Sync</c>, <c>Health</c> and <c>Logging</c> sections.</summary>
public static class SharedConfigSchema
{
    public static ConfigSchema Create() => new ConfigSchema()
        .Section(SyncOptions.Section, sync => sync
            .Value(nameof(SyncOptions.DebounceMilliseconds), ConfigValueKind.Number)
            .Value(nameof(SyncOptions.RescanIntervalSeconds), ConfigValueKind.Number)
            .Value(nameof(SyncOptions.PollIntervalSeconds), ConfigValueKind.Number)
            .Value(nameof(SyncOptions.MaxFileSizeBytes), ConfigValueKind.LongNumber)
            .Value(nameof(SyncOptions.Watch), ConfigValueKind.Flag)
            .Value(nameof(SyncOptions.TrashRetentionDays), ConfigValueKind.Number)
            .Value(nameof(SyncOptions.Merge))
            .Value(nameof(SyncOptions.MaxDeletePercent), ConfigValueKind.Number)
            .Value(nameof(SyncOptions.MaxDeleteMinFiles), ConfigValueKind.Number)
            .Value(nameof(SyncOptions.Compression)))
        .Section(HealthOptions.Section, health => health
            .Value(nameof(HealthOptions.PingIntervalSeconds), ConfigValueKind.Number)
            .Value(nameof(HealthOptions.PingTimeoutSeconds), ConfigValueKind.Number))
        .Section("Metrics", metrics => metrics.Value("Listen"))
        .Section("Logging", logging => logging
            .ValueOrSection("MinimumLevel", ConfigValueKind.Text, level => level
                .Value("Default")
                .MapOfValues("Override", "<namespace>")))
        // FOLDERSYNC_KILL_AT reaches the configuration through the environment prefix; it is read by KillSwitch.
        .Value(KillSwitch.EnvironmentVariable[DaemonConfiguration.EnvironmentPrefix.Length..]);
}
