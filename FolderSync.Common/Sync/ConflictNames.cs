using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>
/// Deterministic conflict-copy names beside the file: <c>name.sync-conflict-YYYYMMDD-HHMMSS-origin.ext</c>.
/// The extension is what follows the last dot; a name with no dot, a leading dot only, or a trailing dot
/// gets the marker appended. The result always fits the 255-byte component limit.
/// </summary>
public static partial class ConflictNames
{
    private const string Marker = ".sync-conflict-";
    private const int MaxOriginLength = 64;

    public static RelativePath For(RelativePath path, DateTimeOffset when, string origin)
    {
        string name = path.Name;
        int dot = name.LastIndexOf('.');
        bool hasExtension = dot > 0 && dot < name.Length - 1;
        string stem = hasExtension ? name[..dot] : name;
        string extension = hasExtension ? name[dot..] : string.Empty;

        string suffix = Marker + when.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Sanitise(origin);
        if (Encoding.UTF8.GetByteCount(suffix + extension) > RelativePath.MaxComponentBytes / 2)
        {
            // An absurdly long extension: keep the whole name as the stem so the marker still fits.
            stem = name;
            extension = string.Empty;
        }

        int budget = RelativePath.MaxComponentBytes - Encoding.UTF8.GetByteCount(suffix + extension);
        string copyName = Truncate(stem, budget) + suffix + extension;
        return path.Parent is { } parent ? parent.Combine(copyName) : RelativePath.Parse(copyName);
    }

    public static bool IsConflictCopy(RelativePath path) => ConflictCopyPattern().IsMatch(path.Name);

    /// <summary>Keeps [A-Za-z0-9_-] so a client id can never add a dot, slash or space to a file name.</summary>
    internal static string Sanitise(string origin)
    {
        var builder = new StringBuilder(Math.Min(origin.Length, MaxOriginLength));
        foreach (char c in origin.AsSpan(0, Math.Min(origin.Length, MaxOriginLength)))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return builder.Length == 0 ? "unknown" : builder.ToString();
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    private static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var builder = new StringBuilder();
        int bytes = 0;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            string element = enumerator.GetTextElement();
            bytes += Encoding.UTF8.GetByteCount(element);
            if (bytes > maxBytes)
            {
                break;
            }

            builder.Append(element);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\.sync-conflict-[0-9]{8}-[0-9]{6}-[A-Za-z0-9_-]+(\.|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ConflictCopyPattern();
}
