using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Settings.Configuration;
using Serilog.Sinks.SystemConsole.Themes;

namespace FolderSync.Common.Hosting;

/// <summary>Serilog for a daemon: the console for the journal and a rolling file in the state directory.</summary>
public static class LoggingSetup
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(IConfiguration configuration, string stateDir, string daemonName)
    {
        // No colour codes when the journal or a pipe reads us.
        ConsoleTheme theme = Console.IsOutputRedirected ? ConsoleTheme.None : AnsiConsoleTheme.Code;
        return new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration, new ConfigurationReaderOptions { SectionName = "Logging" })
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
