using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace FolderSync.Common.Protocol;

/// <summary>
/// A path inside a synced folder, '/'-separated and canonical. The only way to make one is
/// <c>TryParse</c>, so a value of this type can never name anything outside the folder root.
/// Every name Linux accepts is allowed (backslashes, control characters, quotes, a leading dash) as long
/// as it is valid UTF-8: only '/' separates and only '.' and '..' climb, and every file operation resolves
/// the components one by one under the root (openat, never following a symlink). Names compare by
/// code units: NFC and NFD spellings of one word are two files, as they are on the disk.
/// </summary>
public readonly struct RelativePath : IEquatable<RelativePath>, IComparable<RelativePath>
{
    public const int MaxBytes = 4096;
    public const int MaxComponentBytes = 255;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string? _value;

    private RelativePath(string value) => _value = value;

    public string Value => _value ?? throw new InvalidOperationException("Default RelativePath has no value.");

    public string Name => Value[(Value.LastIndexOf('/') + 1)..];

    /// <summary>The containing directory, or null for a top-level entry.</summary>
    public RelativePath? Parent
    {
        get
        {
            int slash = Value.LastIndexOf('/');
            return slash < 0 ? null : new RelativePath(Value[..slash]);
        }
    }

    public int Depth => Value.Count(c => c == '/') + 1;

    public static bool TryParse(string? candidate, out RelativePath path) => TryParse(candidate, out path, out _);

    public static bool TryParse(string? candidate, out RelativePath path, [NotNullWhen(false)] out string? error)
    {
        path = default;
        error = Validate(candidate);
        if (error is not null)
        {
            return false;
        }

        path = new RelativePath(candidate!);
        return true;
    }

    /// <summary>Parses a path known to be valid (from our own scanner or state store); throws otherwise.</summary>
    public static RelativePath Parse(string candidate) =>
        TryParse(candidate, out var path, out var error) ? path : throw new ArgumentException(error, nameof(candidate));

    /// <summary>Makes the relative path of <paramref name="fullPath"/> under <paramref name="root"/>.</summary>
    public static bool TryFromFullPath(string root, string fullPath, out RelativePath path)
    {
        path = default;
        string relative = Path.GetRelativePath(root, fullPath);
        return relative != "." && TryParse(relative, out path);
    }

    public RelativePath Combine(string childName) => Parse(Value + "/" + childName);

    public string ToFullPath(string root) => Path.Join(root, Value);

    /// <summary>True when this path is <paramref name="ancestor"/> itself or lies beneath it.</summary>
    public bool IsSameOrUnder(RelativePath ancestor) =>
        Value == ancestor.Value || Value.StartsWith(ancestor.Value + "/", StringComparison.Ordinal);

    /// <summary>Re-roots this path from <paramref name="oldPrefix"/> to <paramref name="newPrefix"/> (for directory moves).</summary>
    public RelativePath Rebase(RelativePath oldPrefix, RelativePath newPrefix) =>
        Value == oldPrefix.Value ? newPrefix : Parse(newPrefix.Value + Value[oldPrefix.Value.Length..]);

    private static string? Validate(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return "path is empty";
        }

        if (candidate.Contains('\0', StringComparison.Ordinal))
        {
            return "path contains a NUL character";
        }

        if (candidate[0] == '/')
        {
            return "path is absolute";
        }

        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(candidate);
        }
        catch (EncoderFallbackException)
        {
            return "path is not valid UTF-8";
        }

        if (byteCount > MaxBytes)
        {
            return $"path is longer than {MaxBytes} bytes";
        }

        foreach (var component in candidate.Split('/'))
        {
            if (component.Length == 0)
            {
                return "path has an empty component";
            }

            if (component is "." or "..")
            {
                return $"path has a '{component}' component";
            }

            if (Encoding.UTF8.GetByteCount(component) > MaxComponentBytes)
            {
                return $"path component is longer than {MaxComponentBytes} bytes";
            }
        }

        return null;
    }

    public bool Equals(RelativePath other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is RelativePath other && Equals(other);

    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    public int CompareTo(RelativePath other) => string.CompareOrdinal(_value, other._value);

    public override string ToString() => _value ?? string.Empty;

    public static bool operator ==(RelativePath left, RelativePath right) => left.Equals(right);

    public static bool operator !=(RelativePath left, RelativePath right) => !left.Equals(right);

    public static bool operator <(RelativePath left, RelativePath right) => left.CompareTo(right) < 0;

    public static bool operator >(RelativePath left, RelativePath right) => left.CompareTo(right) > 0;

    public static bool operator <=(RelativePath left, RelativePath right) => left.CompareTo(right) <= 0;

    public static bool operator >=(RelativePath left, RelativePath right) => left.CompareTo(right) >= 0;
}
