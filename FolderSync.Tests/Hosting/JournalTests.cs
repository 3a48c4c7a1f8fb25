using FolderSync.Common.Hosting.Systemd;
using Serilog.Events;
using Serilog.Parsing;

namespace FolderSync.Tests.Hosting;

/// <summary>Journal priorities: only on the stream systemd connected, and on every line of a message.</summary>
public sealed class JournalTests
{
    [TestCase("8:12345", "socket:[12345]", true)]
    [TestCase("8:12345", "socket:[12346]", false)]
    [TestCase("8:12345", "/home/u/daemon.log", false)]
    [TestCase("8:12345", null, true)]
    [TestCase("", "socket:[12345]", false)]
    [TestCase(null, "socket:[12345]", false)]
    public void The_variable_counts_only_for_the_stream_it_names(string? variable, string? target, bool journal) =>
        Assert.That(Journal.Matches(variable, target), Is.EqualTo(journal));

    [Test]
    public void Every_line_of_an_event_carries_its_priority()
    {
        var formatter = new JournalFormatter("{Message:lj}{NewLine}{Exception}");
        var exception = new InvalidOperationException("broken");
        var logEvent = new LogEvent(DateTimeOffset.Now, LogEventLevel.Error, exception, new MessageTemplateParser().Parse("first\nsecond"), []);
        using var output = new StringWriter();
        formatter.Format(logEvent, output);
        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.GreaterThanOrEqualTo(3));
        Assert.That(lines, Has.All.StartWith("<3>"));
        Assert.That(lines[0], Is.EqualTo("<3>first"));
    }

    [TestCase(LogEventLevel.Fatal, SyslogPriority.Critical)]
    [TestCase(LogEventLevel.Error, SyslogPriority.Error)]
    [TestCase(LogEventLevel.Warning, SyslogPriority.Warning)]
    [TestCase(LogEventLevel.Information, SyslogPriority.Info)]
    [TestCase(LogEventLevel.Debug, SyslogPriority.Debug)]
    [TestCase(LogEventLevel.Verbose, SyslogPriority.Debug)]
    public void Levels_map_to_syslog_priorities(LogEventLevel level, SyslogPriority priority) =>
        Assert.That(JournalFormatter.Priority(level), Is.EqualTo(priority));
}
