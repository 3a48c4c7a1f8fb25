using Microsoft.Extensions.Configuration;

namespace FolderSync.Common.Hosting;

/// <summary>
/// The configuration contract of DESIGN §8: the JSON file given by <c>--config</c>, then
/// <c>FOLDERSYNC_Section__Key</c> environment variables, then <c>--Section:Key=value</c> arguments.
/// </summary>
public static class DaemonConfiguration
{
    public const string EnvironmentPrefix = "FOLDERSYNC_";

    public static IConfigurationRoot Build(string? configPath, IReadOnlyList<string> overrides)
    {
        var builder = new ConfigurationBuilder();
        if (configPath is not null)
        {
            var full = Path.GetFullPath(configPath);
            if (!File.Exists(full))
            {
                throw new ConfigurationException("--config", $"'{full}' does not exist; pass the path of a JSON config file");
            }

            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        return builder
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(overrides.ToArray())
            .Build();
    }

    /// <summary>Resolves a path from the config relative to the config file's directory, as users expect.</summary>
    public static string ResolvePath(string? configPath, string path)
    {
        path = ExpandHome(path);
        if (Path.IsPathRooted(path))
        {
            return Path.GetFullPath(path);
        }

        var baseDir = configPath is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        return Path.GetFullPath(Path.Combine(baseDir, path));
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[1..])
            : path;
}
