using Microsoft.Extensions.Configuration;
using Serilog.Events;

namespace FolderSync.Common.Hosting;

/// <summary>
/// The <c>Logging:MinimumLevel</c> settings (a level, or <c>Default</c> plus <c>Override:&lt;namespace&gt;</c>),
/// read without Serilog.Settings.Configuration: its sink discovery scans assemblies by reflection, which a
/// native AOT daemon cannot do, and levels are all we document.
/// </summary>
public sealed record LogLevels(LogEventLevel Default, IReadOnlyDictionary<string, LogEventLevel> Overrides)
{
    public const string Section = "Logging:MinimumLevel";

    public static LogLevels Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var overrides = new Dictionary<string, LogEventLevel>(StringComparer.Ordinal) { ["Microsoft"] = LogEventLevel.Warning };
        if (section.Value is { } single)
        {
            return new LogLevels(Parse(Section, single), overrides);
        }

        var level = section["Default"] is { } text ? Parse(Section + ":Default", text) : LogEventLevel.Information;
        foreach (var child in section.GetSection("Override").GetChildren())
        {
            overrides[child.Key] = Parse(child.Path, child.Value ?? string.Empty);
        }

        return new LogLevels(level, overrides);
    }

    private static LogEventLevel Parse(string key, string text) =>
        Enum.TryParse<LogEventLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level)
            ? level
            : throw new ConfigurationException(key, $"'{text}' is not a level (Verbose, Debug, Information, Warning, Error, Fatal)");
}
