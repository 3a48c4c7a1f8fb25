using System.Security.Cryptography;

namespace FolderSync.Bench.Runner.Infra;

/// <summary>
/// The files of a tree as relative path → size (cheap, for "is it all there yet") or → SHA-256 (the final check).
/// Hidden names are left out: tools keep their own state there (.unison, .stfolder, FolderSync's trash).
/// </summary>
internal static class TreeManifest
{
    public static SortedDictionary<string, long> Sizes(string root)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in Files(root))
        {
            result[Path.GetRelativePath(root, file.FullName)] = file.Length;
        }

        return result;
    }

    public static SortedDictionary<string, string> Hashes(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Files(root))
        {
            using var stream = file.OpenRead();
            result[Path.GetRelativePath(root, file.FullName)] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        return result;
    }

    public static bool SameSizes(IReadOnlyDictionary<string, long> expected, string root)
    {
        var actual = Sizes(root);
        return actual.Count == expected.Count && expected.All(kv => actual.TryGetValue(kv.Key, out long size) && size == kv.Value);
    }

    /// <summary>Null when identical, else the first few differences.</summary>
    public static string? Compare(IReadOnlyDictionary<string, string> expected, string root)
    {
        var actual = Hashes(root);
        var problems = new List<string>();
        foreach (var (path, hash) in expected)
        {
            if (!actual.TryGetValue(path, out string? got))
            {
                problems.Add($"missing {path}");
            }
            else if (got != hash)
            {
                problems.Add($"differs {path}");
            }
        }

        problems.AddRange(actual.Keys.Where(p => !expected.ContainsKey(p)).Select(p => $"extra {p}"));
        return problems.Count == 0 ? null : $"{problems.Count} differences, e.g. {string.Join(", ", problems.Take(3))}";
    }

    private static IEnumerable<FileInfo> Files(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint };
        return new DirectoryInfo(root).EnumerateFiles("*", options).Where(f => !IsUnderHidden(root, f.FullName));
    }

    private static bool IsUnderHidden(string root, string path) =>
        Path.GetRelativePath(root, path).Split('/').Any(part => part.StartsWith('.'));
}
