using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace FolderSync.Common.Hosting.Systemd;

/// <summary>
/// Console lines for the journal: every line (an exception's too) starts with its syslog priority, so
/// <c>journalctl -p warning</c> shows warnings and errors whole; no timestamp, since the journal keeps its own.
/// </summary>
public sealed class JournalFormatter(string template) : ITextFormatter
{
    private readonly MessageTemplateTextFormatter _inner = new(template, System.Globalization.CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _inner.Format(logEvent, text);
        string prefix = $"<{(int)Priority(logEvent.Level)}>";
        foreach (var line in text.ToString().TrimEnd('\n').Split('\n'))
        {
            output.Write(prefix);
            output.Write(line);
            output.Write('\n');
        }
    }

    public static SyslogPriority Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => SyslogPriority.Critical,
        LogEventLevel.Error => SyslogPriority.Error,
        LogEventLevel.Warning => SyslogPriority.Warning,
        LogEventLevel.Information => SyslogPriority.Info,
        _ => SyslogPriority.Debug,
    };
}
