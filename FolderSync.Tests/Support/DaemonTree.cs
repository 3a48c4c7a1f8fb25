using System.Security.Cryptography;
using System.Text;

namespace FolderSync.Tests.Support;

/// <summary>A folder as path → SHA-256 (directories as "dir"), hidden entries left out as FolderSync does.</summary>
internal static class DaemonTree
{
    public const string DirectoryMark = "dir";

    public static SortedDictionary<string, string> Snapshot(string root, bool includeHidden = false)
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(root))
        {
            Walk(root, root, includeHidden, tree);
        }

        return tree;
    }

    /// <summary>Empty when both trees are the same; else the first few differences, readable.</summary>
    public static string Difference(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual)
    {
        var lines = new List<string>();
        foreach (var (path, hash) in expected)
        {
            if (!actual.TryGetValue(path, out string? other))
            {
                lines.Add($"missing {path}");
            }
            else if (other != hash)
            {
                lines.Add($"differs {path}");
            }
        }

        lines.AddRange(actual.Keys.Where(p => !expected.ContainsKey(p)).Select(p => $"extra {p}"));
        return string.Join("; ", lines.Take(10)) + (lines.Count > 10 ? $"; … {lines.Count} differences" : string.Empty);
    }

    public static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    public static string Sha256Text(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Every file under <paramref name="root"/>, hidden ones included (temp files are hidden).</summary>
    public static IEnumerable<string> AllFiles(string root) =>
        Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(root, f));

    private static void Walk(string root, string directory, bool includeHidden, SortedDictionary<string, string> tree)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(directory).GetFileSystemInfos();
        }
        catch (IOException)
        {
            return; // Vanished while we looked: the next snapshot sees the truth.
        }

        foreach (var entry in entries)
        {
            if (!includeHidden && entry.Name.StartsWith('.'))
            {
                continue;
            }

            string relative = Path.GetRelativePath(root, entry.FullName);
            if (entry.LinkTarget is not null)
            {
                tree[relative] = "symlink";
            }
            else if (entry is DirectoryInfo)
            {
                tree[relative] = DirectoryMark;
                Walk(root, entry.FullName, includeHidden, tree);
            }
            else
            {
                try
                {
                    tree[relative] = Sha256(entry.FullName);
                }
                catch (IOException)
                {
                    tree[relative] = "unreadable";
                }
            }
        }
    }
}
