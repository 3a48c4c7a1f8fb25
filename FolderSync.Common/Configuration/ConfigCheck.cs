namespace FolderSync.Common.Configuration;

/// <summary>What <see cref="ConfigSchema.Check"/> found: values that cannot work, and keys that are not settings.</summary>
public sealed class ConfigCheck
{
    public List<ConfigError> Errors { get; } = [];

    public List<string> Warnings { get; } = [];
}
