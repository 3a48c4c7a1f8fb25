using FolderSync.Common.Hosting;
using Microsoft.Extensions.Configuration;
using Serilog.Events;

namespace FolderSync.Tests.Hosting;

/// <summary>The documented <c>Logging:MinimumLevel</c> forms, read without reflection-based Serilog settings.</summary>
public sealed class LogLevelsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Test]
    public void NothingConfiguredIsInformationWithMicrosoftAtWarning()
    {
        var levels = LogLevels.Read(Config());
        Assert.That(levels.Default, Is.EqualTo(LogEventLevel.Information));
        Assert.That(levels.Overrides["Microsoft"], Is.EqualTo(LogEventLevel.Warning));
    }

    [Test]
    public void DefaultAndOverridesAreRead()
    {
        var levels = LogLevels.Read(Config(
            ("Logging:MinimumLevel:Default", "debug"),
            ("Logging:MinimumLevel:Override:FolderSync.Common.Watching", "Verbose"),
            ("Logging:MinimumLevel:Override:Microsoft", "Error")));
        Assert.That(levels.Default, Is.EqualTo(LogEventLevel.Debug));
        Assert.That(levels.Overrides["FolderSync.Common.Watching"], Is.EqualTo(LogEventLevel.Verbose));
        Assert.That(levels.Overrides["Microsoft"], Is.EqualTo(LogEventLevel.Error));
    }

    [Test]
    public void TheShortFormSetsTheDefault() =>
        Assert.That(LogLevels.Read(Config(("Logging:MinimumLevel", "Warning"))).Default, Is.EqualTo(LogEventLevel.Warning));

    [TestCase("Logging:MinimumLevel:Default", "Chatty")]
    [TestCase("Logging:MinimumLevel:Override:FolderSync", "7")]
    [TestCase("Logging:MinimumLevel", "")]
    public void AnUnknownLevelNamesItsKey(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => LogLevels.Read(Config((key, value))));
        Assert.That(error!.Message, Does.Contain(key).And.Contain("is not a level"));
    }
}
