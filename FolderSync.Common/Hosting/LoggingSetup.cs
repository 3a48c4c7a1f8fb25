using Serilog;
using Serilog.Sinks.SystemConsole.Themes;

namespace FolderSync.Common.Hosting;

/// <summary>Serilog for a daemon: the console for the journal and a rolling file in the state directory.</summary>
public static class LoggingSetup
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(LogLevels levels, string stateDir, string daemonName)
    {
        // No colour codes when the journal or a pipe reads us.
        ConsoleTheme theme = Console.IsOutputRedirected ? ConsoleTheme.None : AnsiConsoleTheme.Code;
        var logger = new LoggerConfiguration().MinimumLevel.Is(levels.Default);
        foreach (var (source, level) in levels.Overrides)
        {
            logger.MinimumLevel.Override(source, level);
        }

        return logger
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: Template, theme: theme, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                Path.Combine(stateDir, "logs", daemonName + "-.log"),
                outputTemplate: Template,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                fileSizeLimitBytes: 50L * 1024 * 1024,
                rollOnFileSizeLimit: true,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }
}
