using System.Security.Cryptography;
using FolderSync.Common.Scanning;

namespace FolderSync.Tests.Support;

/// <summary>
/// What a synced folder holds, as "path → sha256" for files and "path/ → dir" for directories, skipping
/// hidden and temporary names (.git, editor backups, our temp files) the way sync does. Two converged
/// folders have equal snapshots.
/// </summary>
internal static class EngineTreeSnapshot
{
    public static SortedDictionary<string, string> Take(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(root, root, result);
        return result;
    }

    /// <summary>Empty when equal; otherwise the first few differences, for a failure message.</summary>
    public static string Difference(string expectedRoot, string actualRoot)
    {
        var expected = Take(expectedRoot);
        var actual = Take(actualRoot);
        var lines = expected.Where(e => !actual.TryGetValue(e.Key, out var a) || a != e.Value).Select(e => $"{e.Key}: {(actual.ContainsKey(e.Key) ? "differs" : "missing")}")
            .Concat(actual.Keys.Where(k => !expected.ContainsKey(k)).Select(k => $"{k}: extra"))
            .ToList();
        return lines.Count == 0 ? string.Empty : $"{lines.Count} differences, e.g. {string.Join("; ", lines.Take(5))}";
    }

    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void Walk(string root, string directory, SortedDictionary<string, string> result)
    {
        List<FileSystemInfo> entries;
        try
        {
            entries = [.. new DirectoryInfo(directory).EnumerateFileSystemInfos()];
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (PathFilter.IsHiddenName(entry.Name) || (entry is FileInfo && PathFilter.IsTemporaryName(entry.Name)))
            {
                continue;
            }

            string relative = Path.GetRelativePath(root, entry.FullName);
            if (entry is DirectoryInfo)
            {
                result[relative + "/"] = "dir";
                Walk(root, entry.FullName, result);
            }
            else
            {
                try
                {
                    result[relative] = Sha256Of(entry.FullName);
                }
                catch (IOException)
                {
                    // Gone between listing and reading: the next snapshot sees the settled state.
                }
            }
        }
    }
}
