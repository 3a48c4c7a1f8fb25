using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace FolderSync.Common.Configuration;

/// <summary>
/// The keys a daemon reads and what each value must parse as. Start-up checks the merged configuration against
/// it: a value that does not parse is an error naming key and value (the binder would throw a stack trace); a key
/// that is not a setting is a warning naming the closest one, since a typo would otherwise be ignored in silence.
/// </summary>
public sealed class ConfigSchema
{
    private readonly Dictionary<string, ConfigSchema> _children = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConfigValueKind? _kind;
    private ConfigSchema? _anyChild;
    private string? _anyName;

    public ConfigSchema()
    {
    }

    private ConfigSchema(ConfigValueKind? kind) => _kind = kind;

    public ConfigSchema Value(string name, ConfigValueKind kind = ConfigValueKind.Text) => Add(name, new ConfigSchema(kind));

    public ConfigSchema Section(string name, Action<ConfigSchema> describe) => Add(name, Described(null, describe));

    /// <summary>A key that is either a value or a section (<c>Logging:MinimumLevel</c> or <c>Logging:MinimumLevel:Default</c>).</summary>
    public ConfigSchema ValueOrSection(string name, ConfigValueKind kind, Action<ConfigSchema> describe) => Add(name, Described(kind, describe));

    /// <summary>A section whose keys are names the user chooses (<c>Folders:&lt;name&gt;</c>), each described alike.</summary>
    public ConfigSchema Map(string name, string placeholder, Action<ConfigSchema> describeEach) =>
        Add(name, new ConfigSchema { _anyChild = Described(null, describeEach), _anyName = placeholder });

    /// <summary>A map of plain values (<c>Logging:MinimumLevel:Override:&lt;namespace&gt;</c>).</summary>
    public ConfigSchema MapOfValues(string name, string placeholder, ConfigValueKind kind = ConfigValueKind.Text) =>
        Add(name, new ConfigSchema { _anyChild = new ConfigSchema(kind), _anyName = placeholder });

    /// <summary>A JSON array of values: <c>Clients:&lt;id&gt;:Folders:0</c>, <c>:1</c>…</summary>
    public ConfigSchema List(string name, ConfigValueKind kind = ConfigValueKind.Text) =>
        Add(name, new ConfigSchema { _anyChild = new ConfigSchema(kind), _anyName = "<n>" });

    /// <summary>Adds every key of <paramref name="other"/> at this level (the sections both daemons share).</summary>
    public ConfigSchema Include(ConfigSchema other)
    {
        foreach (var (name, child) in other._children)
        {
            _children[name] = child;
        }

        return this;
    }

    /// <summary>Every key this schema knows, maps and lists shown with their placeholder.</summary>
    public IEnumerable<string> Paths() => PathsUnder(null);

    /// <summary>Values that do not parse (errors) and keys that are not settings (warnings), in configuration order.</summary>
    public ConfigCheck Check(IConfiguration configuration)
    {
        var check = new ConfigCheck();
        CheckChildren(configuration, this, check);
        return check;
    }

    private ConfigSchema Add(string name, ConfigSchema child)
    {
        _children[name] = child;
        return this;
    }

    private static ConfigSchema Described(ConfigValueKind? kind, Action<ConfigSchema> describe)
    {
        var schema = new ConfigSchema(kind);
        describe(schema);
        return schema;
    }

    private IEnumerable<string> PathsUnder(string? prefix)
    {
        if (prefix is not null && (_kind is not null || (_children.Count == 0 && _anyChild is null)))
        {
            yield return prefix;
        }

        foreach (var (name, child) in _children.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            foreach (var path in child.PathsUnder(Join(prefix, name)))
            {
                yield return path;
            }
        }

        if (_anyChild is not null)
        {
            foreach (var path in _anyChild.PathsUnder(Join(prefix, _anyName!)))
            {
                yield return path;
            }
        }
    }

    private void CheckChildren(IConfiguration section, ConfigSchema root, ConfigCheck check)
    {
        foreach (var child in section.GetChildren())
        {
            var schema = _children.GetValueOrDefault(child.Key) ?? _anyChild;
            if (schema is null)
            {
                check.Warnings.Add(NotASetting(child.Path, root));
                continue;
            }

            if (child.Value is { } value && schema.Problem(value) is { } problem)
            {
                check.Errors.Add(new ConfigError(child.Path, problem));
            }

            schema.CheckChildren(child, root, check);
        }
    }

    private string? Problem(string value) => _kind switch
    {
        null when value.Length > 0 => $"'{value}' is a value, but this is a section of keys",
        ConfigValueKind.Number when !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
            $"'{value}' is not a whole number (up to {int.MaxValue})",
        ConfigValueKind.LongNumber when !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
            $"'{value}' is not a whole number",
        ConfigValueKind.Flag when !bool.TryParse(value, out _) => $"'{value}' is not true or false",
        _ => null,
    };

    /// <summary>The warning for an unknown key: its closest sibling, else a known key elsewhere with a close last name.</summary>
    private string NotASetting(string path, ConfigSchema root)
    {
        int colon = path.LastIndexOf(':');
        string parent = colon < 0 ? string.Empty : path[..(colon + 1)];
        string name = path[(colon + 1)..];
        string? suggestion = ClosestName.Find(name, _children.Keys) is { } sibling
            ? parent + sibling
            : root.Paths().Select(p => (Path: p, Name: p[(p.LastIndexOf(':') + 1)..]))
                .Where(p => ClosestName.Find(name, [p.Name]) is not null)
                .Select(p => p.Path)
                .FirstOrDefault();
        return suggestion is null
            ? $"`{path}` is not a setting; it is ignored"
            : $"`{path}` is not a setting; did you mean `{suggestion}`?";
    }

    private static string Join(string? prefix, string name) => prefix is null ? name : $"{prefix}:{name}";
}
