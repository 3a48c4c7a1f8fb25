namespace FolderSync.Common.Hosting;

/// <summary>
/// The <c>--Section:Key=value</c> (or <c>--Section:Key value</c>) arguments left over once the parser has taken
/// its verbs and options: anything else is a mistake to report, never a word to ignore.
/// </summary>
public static class ConfigOverrides
{
    public static List<KeyValuePair<string, string?>> Parse(IReadOnlyList<string> tokens, string commandName, IReadOnlyList<string> commandNames)
    {
        var overrides = new List<KeyValuePair<string, string?>>();
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (!token.StartsWith('-'))
            {
                throw new UsageException(commandName.Length == 0
                    ? $"'{token}' is not a command;{Suggest(token, commandNames)} the commands are {string.Join(", ", commandNames)} (run is the default)"
                    : $"unexpected argument '{token}' for {commandName}; settings are given as --Section:Key=value");
            }

            int equals = !token.StartsWith("--", StringComparison.Ordinal) ? -1 : token.IndexOf('=', StringComparison.Ordinal);
            if (equals > 2)
            {
                overrides.Add(KeyValuePair.Create(token[2..equals], (string?)token[(equals + 1)..]));
            }
            else if (equals < 0 && token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2 && i + 1 < tokens.Count && !tokens[i + 1].StartsWith('-'))
            {
                overrides.Add(KeyValuePair.Create(token[2..], (string?)tokens[++i]));
            }
            else
            {
                throw new UsageException($"'{token}' is not an option{(commandName.Length == 0 ? string.Empty : $" of {commandName}")}, nor a setting with a value (--Section:Key=value)");
            }
        }

        return overrides;
    }

    private static string Suggest(string typed, IReadOnlyList<string> commandNames) =>
        Configuration.ClosestName.Find(typed, commandNames) is { } closest ? $" did you mean '{closest}'?" : string.Empty;
}
