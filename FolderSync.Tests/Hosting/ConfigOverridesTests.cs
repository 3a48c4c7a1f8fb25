using FolderSync.Common.Hosting;

namespace FolderSync.Tests.Hosting;

/// <summary>What is left of a command line once its verbs and options are taken: settings, or an error.</summary>
public sealed class ConfigOverridesTests
{
    private static readonly string[] Commands = ["run", "status"];

    [Test]
    public void Settings_come_as_one_token_or_two()
    {
        var overrides = ConfigOverrides.Parse(["--Sync:DebounceMilliseconds=50", "--Listen", "[::]:7878", "--Token="], "run", Commands);
        Assert.That(overrides.Select(o => $"{o.Key}={o.Value}"), Is.EqualTo(new[] { "Sync:DebounceMilliseconds=50", "Listen=[::]:7878", "Token=" }));
    }

    [TestCase("conflicts", "", "'conflicts' is not a command; the commands are run, status (run is the default)")]
    [TestCase("stauts", "", "'stauts' is not a command; did you mean 'status'? the commands are run, status (run is the default)")]
    [TestCase("extra", "run", "unexpected argument 'extra' for run")]
    [TestCase("-x", "run", "'-x' is not an option of run")]
    [TestCase("--json", "", "'--json' is not an option, nor a setting with a value")]
    public void Anything_else_is_an_error(string token, string command, string message)
    {
        var error = Assert.Throws<UsageException>(() => ConfigOverrides.Parse([token], command, Commands));
        Assert.That(error!.Message, Does.StartWith(message));
    }
}
