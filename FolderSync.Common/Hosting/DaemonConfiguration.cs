using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace FolderSync.Common.Hosting;

/// <summary>
/// The configuration contract of DESIGN §8: the JSON file given by <c>--config</c>, then
/// <c>FOLDERSYNC_Section__Key</c> environment variables, then <c>--Section:Key=value</c> arguments.
/// Every way it can be unusable ends as one <see cref="ConfigurationException"/> line, never a stack trace.
/// </summary>
public static partial class DaemonConfiguration
{
    public const string EnvironmentPrefix = "FOLDERSYNC_";

    public static IConfigurationRoot Build(string? configPath, IEnumerable<KeyValuePair<string, string?>> overrides)
    {
        var builder = new ConfigurationBuilder();
        if (configPath is not null)
        {
            builder.AddJsonFile(CheckReadable(Path.GetFullPath(configPath)), optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix).AddInMemoryCollection(overrides);
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            throw new ConfigurationException("--config", NotJson(Path.GetFullPath(configPath!), ex));
        }
    }

    /// <summary>
    /// Runs a <c>Bind</c>: the schema checks values first, so a conversion failure here means a key it does not
    /// describe; it still ends as one line naming the key.
    /// </summary>
    public static void Bind(IConfiguration configuration, Action bind)
    {
        try
        {
            bind();
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or OverflowException or ArgumentException)
        {
            string key = KeyInBinderMessage().Match(ex.Message) is { Success: true } match ? match.Groups[1].Value : "configuration";
            throw new ConfigurationException(key, $"'{configuration[key]}' cannot be used here: {ex.InnerException.Message}");
        }
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

    private static string CheckReadable(string full)
    {
        if (Directory.Exists(full))
        {
            throw new ConfigurationException("--config", $"'{full}' is a directory; pass the path of a JSON config file");
        }

        if (!File.Exists(full))
        {
            throw new ConfigurationException("--config", $"'{full}' does not exist; pass the path of a JSON config file");
        }

        try
        {
            File.OpenRead(full).Dispose();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new ConfigurationException("--config", $"'{full}' cannot be read: {ex.Message}");
        }

        return full;
    }

    /// <summary>Where the JSON breaks, 1-based as editors count, without the parser's own position suffix.</summary>
    private static string NotJson(string path, InvalidDataException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException { LineNumber: { } line, BytePositionInLine: { } position } json)
            {
                string reason = json.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
                return $"'{path}' is not valid JSON: line {line + 1}, position {position + 1}: {reason}";
            }
        }

        return $"'{path}' is not a valid config file: {(ex.InnerException ?? ex).Message}";
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[1..])
            : path;

    [GeneratedRegex("value at '([^']+)'")]
    private static partial Regex KeyInBinderMessage();
}
