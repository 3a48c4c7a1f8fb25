namespace FolderSync.Common.Configuration;

/// <summary>The <c>Health</c> section: PING cadence and the dead-peer deadline.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    public int PingIntervalSeconds { get; set; } = 15;

    public int PingTimeoutSeconds { get; set; } = 45;
}
