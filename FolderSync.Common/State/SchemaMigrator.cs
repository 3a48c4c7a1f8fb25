using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FolderSync.Common.State;

/// <summary>
/// Applies the embedded, numbered scripts <c>State/Schema/NNN_name.sql</c> above <c>PRAGMA user_version</c>,
/// each in its own transaction together with the version bump, so a crash leaves a whole step or none.
/// </summary>
internal static class SchemaMigrator
{
    private const string ResourceMarker = ".State.Schema.";

    public static IReadOnlyList<(int Version, string Name)> Scripts { get; } = FindScripts();

    public static int LatestVersion => Scripts.Count == 0 ? 0 : Scripts[^1].Version;

    /// <summary>Brings the database to <see cref="LatestVersion"/>; returns how many scripts ran.</summary>
    public static int Migrate(SqliteConnection connection)
    {
        int current = ReadUserVersion(connection);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"State database schema version {current} is newer than this build knows ({LatestVersion}).");
        }

        int applied = 0;
        foreach (var (version, name) in Scripts)
        {
            if (version <= current)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = ReadScript(name) + $"\nPRAGMA user_version = {version};";
            command.ExecuteNonQuery();
            transaction.Commit();
            applied++;
        }

        return applied;
    }

    public static int ReadUserVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static List<(int Version, string Name)> FindScripts()
    {
        var scripts = new List<(int Version, string Name)>();
        foreach (var name in typeof(SchemaMigrator).Assembly.GetManifestResourceNames())
        {
            int marker = name.IndexOf(ResourceMarker, StringComparison.Ordinal);
            if (marker < 0 || !name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            string file = name[(marker + ResourceMarker.Length)..];
            int underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out int version))
            {
                throw new InvalidOperationException($"Schema script '{file}' is not named NNN_name.sql.");
            }

            scripts.Add((version, name));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"Two schema scripts share version {scripts[i].Version}.");
            }
        }

        return scripts;
    }

    private static string ReadScript(string resourceName)
    {
        using var stream = typeof(SchemaMigrator).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Missing embedded resource {resourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
