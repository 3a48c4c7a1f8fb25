using FolderSync.Common.Hosting.Systemd;
using Serilog;
using Serilog.Sinks.SystemConsole.Themes;

namespace FolderSync.Common.Hosting;

/// <summary>
/// Serilog for a daemon: the console, and a rolling file in the state directory. When the console is systemd's
/// journal, lines carry syslog priorities and no timestamp (the journal stamps them itself).
/// </summary>
public static class LoggingSetup
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";
    private const string JournalTemplate = "{SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(LogLevels levels, string stateDir, string daemonName)
    {
        var logger = new LoggerConfiguration().MinimumLevel.Is(levels.Default);
        foreach (var (source, level) in levels.Overrides)
        {
            logger.MinimumLevel.Override(source, level);
        }

        logger.Enrich.FromLogContext();
        if (Journal.IsJournal(Journal.StandardOutput))
        {
            logger.WriteTo.Console(new JournalFormatter(JournalTemplate));
        }
        else
        {
            // No colour codes when a pipe or a file reads us.
            ConsoleTheme theme = Console.IsOutputRedirected ? ConsoleTheme.None : AnsiConsoleTheme.Code;
            logger.WriteTo.Console(outputTemplate: Template, theme: theme, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        return logger
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
