using System.Reflection;
using FolderSync.Client.Configuration;
using FolderSync.Common.Configuration;
using FolderSync.Server.Configuration;
using Microsoft.Extensions.Configuration;

namespace FolderSync.Tests.Hosting;

/// <summary>The schema start-up checks configurations against: complete, and helpful about typos.</summary>
public sealed class ConfigSchemaTests
{
    private static readonly Type[] Leaves = [typeof(string), typeof(int), typeof(long), typeof(bool)];

    [Test]
    public void The_server_schema_names_every_option_property() =>
        Assert.That(ServerConfigSchema.Create().Paths(), Is.SupersetOf(OptionPaths(typeof(ServerOptions), null)));

    [Test]
    public void The_client_schema_names_every_option_property() =>
        Assert.That(ClientConfigSchema.Create().Paths(), Is.SupersetOf(OptionPaths(typeof(ClientOptions), null)));

    [Test]
    public void The_shared_sections_name_every_option_property() =>
        Assert.That(
            SharedConfigSchema.Create().Paths(),
            Is.SupersetOf(OptionPaths(typeof(SyncOptions), SyncOptions.Section).Concat(OptionPaths(typeof(HealthOptions), HealthOptions.Section))));

    [TestCase("Sync:DebounceMs", "did you mean `Sync:DebounceMilliseconds`?")]
    [TestCase("sync:debouncemiliseconds", "did you mean `sync:DebounceMilliseconds`?")]
    [TestCase("Folders:docs:Acess", "did you mean `Folders:docs:Access`?")]
    [TestCase("Clients:laptop:Folder", "did you mean `Clients:laptop:Folders`?")]
    [TestCase("Lisen", "did you mean `Listen`?")]
    [TestCase("DebounceMilliseconds", "did you mean `Sync:DebounceMilliseconds`?")]
    [TestCase("Health:PingTimeout", "did you mean `Health:PingTimeoutSeconds`?")]
    [TestCase("Logging:MinimumLevel:Defualt", "did you mean `Logging:MinimumLevel:Default`?")]
    [TestCase("Colour", "is not a setting; it is ignored")]
    public void An_unknown_key_is_a_warning_with_the_closest_known_key(string key, string expected)
    {
        var check = ServerConfigSchema.Create().Check(Config((key, "1"), ("Folders:docs:Path", "/srv")));
        Assert.That(check.Errors, Is.Empty);
        Assert.That(check.Warnings, Is.EqualTo(new[] { $"`{key}` is not a setting; {expected.Replace("is not a setting; ", string.Empty, StringComparison.Ordinal)}" }));
    }

    [Test]
    public void Known_keys_of_every_shape_pass_without_a_word()
    {
        var check = ServerConfigSchema.Create().Check(Config(
            ("Listen", "[::]:7878"),
            ("Folders:docs:Path", "/srv/docs"),
            ("Clients:laptop:Token", "t"),
            ("Clients:laptop:Folders:0", "docs"),
            ("Clients:laptop:Folders:1", "notes"),
            ("Security:PlainTcp", "False"),
            ("Sync:MaxFileSizeBytes", "10000000000"),
            ("Logging:MinimumLevel:Override:FolderSync.Common.Watching", "Debug"),
            ("KILL_AT", "x")));
        Assert.That(check.Errors, Is.Empty);
        Assert.That(check.Warnings, Is.Empty);
        Assert.That(ClientConfigSchema.Create().Check(Config(("Logging:MinimumLevel", "Warning"))).Warnings, Is.Empty);
    }

    [TestCase("Sync:DebounceMilliseconds", "soon", "'soon' is not a whole number")]
    [TestCase("Sync:DebounceMilliseconds", "3000000000", "'3000000000' is not a whole number")]
    [TestCase("Sync:MaxFileSizeBytes", "1.5", "'1.5' is not a whole number")]
    [TestCase("Sync:Watch", "yes", "'yes' is not true or false")]
    [TestCase("Folders:docs", "x", "'x' is a value, but this is a section of keys")]
    public void A_value_that_does_not_parse_is_an_error_naming_key_and_value(string key, string value, string problem)
    {
        var check = ServerConfigSchema.Create().Check(Config((key, value)));
        Assert.That(check.Errors, Has.Count.EqualTo(1));
        Assert.That(check.Errors[0].ToString(), Does.StartWith($"{key}: {problem}"));
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    /// <summary>The keys the binder would fill, from the options classes themselves (maps and lists with placeholders).</summary>
    private static IEnumerable<string> OptionPaths(Type type, string? prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            string path = prefix is null ? property.Name : $"{prefix}:{property.Name}";
            var propertyType = property.PropertyType;
            if (Leaves.Contains(propertyType))
            {
                yield return path;
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(List<>))
            {
                yield return $"{path}:<n>";
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                string placeholder = property.Name == "Folders" ? "<name>" : "<id>";
                foreach (string child in OptionPaths(propertyType.GetGenericArguments()[1], $"{path}:{placeholder}"))
                {
                    yield return child;
                }
            }
            else
            {
                foreach (string child in OptionPaths(propertyType, path))
                {
                    yield return child;
                }
            }
        }
    }
}
