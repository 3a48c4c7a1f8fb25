namespace FolderSync.Common.Hosting;

/// <summary>A configuration value that cannot work; the daemon prints it and exits with code 2.</summary>
public sealed class ConfigurationException(string key, string problem) : Exception($"{key}: {problem}")
{
    public const int ExitCode = 2;

    public string Key { get; } = key;
}
