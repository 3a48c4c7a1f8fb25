using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Common.Protocol;

namespace FolderSync.Server.Commands;

/// <summary>
/// Reads a folder command's arguments from its request document. Paths become <see cref="RelativePath"/>s or a usage
/// refusal, so nothing past here can name a file outside the folder.
/// </summary>
internal static class CommandRequest
{
    public static string Verb(JsonObject request) => Text(request, "command") ?? string.Empty;

    public static RelativePath Path(JsonObject request, string key, string verb) =>
        OptionalPath(request, key, verb) ?? throw new ControlException(ControlException.Usage, $"{verb} needs a {key}");

    public static RelativePath? OptionalPath(JsonObject request, string key, string verb)
    {
        if (Text(request, key) is not { } value)
        {
            return null;
        }

        return RelativePath.TryParse(value, out var path, out string? error)
            ? path
            : throw new ControlException(ControlException.Usage, $"{verb}: '{value}' is not a path inside the folder ({error}); give it relative to the folder's root");
    }

    public static bool Flag(JsonObject request, string key) =>
        request[key] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static long? Number(JsonObject request, string key, string verb) => request[key] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out long number) => number,
        var other => throw new ControlException(ControlException.Usage, $"{verb}: {key} '{other}' is not a whole number"),
    };

    public static DateTimeOffset? Time(JsonObject request, string key, string verb)
    {
        if (Text(request, key) is not { } value)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new ControlException(ControlException.Usage, $"{verb}: {key} '{value}' is not a time; use ISO-8601, e.g. 2026-12-04T23:30:00Z");
    }

    public static string? Text(JsonObject request, string key) =>
        request[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>ISO-8601 in UTC to the millisecond, as every answer shows times.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
