namespace FolderSync.Common.Configuration;

/// <summary>Checks the sections both daemons share; each rule names its key.</summary>
public static class SharedOptionsValidation
{
    public static IEnumerable<ConfigError> Validate(SyncOptions sync, HealthOptions health)
    {
        if (sync.RescanIntervalSeconds < 5)
        {
            yield return new ConfigError("Sync:RescanIntervalSeconds", $"{sync.RescanIntervalSeconds} is below the minimum of 5; set 5 or more");
        }

        if (sync.PollIntervalSeconds is < 1 or > 3600)
        {
            yield return new ConfigError("Sync:PollIntervalSeconds", $"{sync.PollIntervalSeconds} is out of range; use 1 to 3600");
        }

        if (sync.DebounceMilliseconds is < 0 or > 60_000)
        {
            yield return new ConfigError("Sync:DebounceMilliseconds", $"{sync.DebounceMilliseconds} is out of range; use 0 to 60000");
        }

        if (sync.MaxFileSizeBytes <= 0)
        {
            yield return new ConfigError("Sync:MaxFileSizeBytes", "must be a positive number of bytes");
        }

        if (!Compression.CompressionModes.TryParse(sync.Compression, out _))
        {
            yield return new ConfigError("Sync:Compression", $"'{sync.Compression}' is not one of Auto, Always, Never");
        }

        if (!string.Equals(sync.Merge, "Auto", StringComparison.OrdinalIgnoreCase) && !string.Equals(sync.Merge, "Never", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ConfigError("Sync:Merge", $"'{sync.Merge}' is not one of Auto, Never");
        }

        if (sync.TrashRetentionDays < 0)
        {
            yield return new ConfigError("Sync:TrashRetentionDays", $"{sync.TrashRetentionDays} is negative; use 0 or more days");
        }

        if (sync.MaxDeletePercent is < 0 or > 100)
        {
            yield return new ConfigError("Sync:MaxDeletePercent", $"{sync.MaxDeletePercent} is out of range; use 0 (off) to 100");
        }

        if (sync.MaxDeleteMinFiles < 0)
        {
            yield return new ConfigError("Sync:MaxDeleteMinFiles", $"{sync.MaxDeleteMinFiles} is negative; use 0 or more");
        }

        if (health.PingIntervalSeconds < 1)
        {
            yield return new ConfigError("Health:PingIntervalSeconds", "must be at least 1");
        }

        if (health.PingTimeoutSeconds <= health.PingIntervalSeconds)
        {
            yield return new ConfigError("Health:PingTimeoutSeconds", $"must be greater than Health:PingIntervalSeconds ({health.PingIntervalSeconds})");
        }
    }

    /// <summary>127.0.0.0/8, ::1 or localhost: reachable from this host only.</summary>
    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>Parses <c>host:port</c>; the port must be 1..65535.</summary>
    public static bool TryParseEndpoint(string? value, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), out port) || port is < 1 or > 65535)
        {
            return false;
        }

        // An IPv6 address needs its brackets ([::1]:7878): without them its own colons make the port ambiguous.
        host = value[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            return host.Length > 0;
        }

        return !host.Contains(':', StringComparison.Ordinal);
    }
}
