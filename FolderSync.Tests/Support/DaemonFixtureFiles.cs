using System.Text;

namespace FolderSync.Tests.Support;

/// <summary>Writes the text (and deliberately non-text) files the end-to-end tests sync.</summary>
internal static class DaemonFixtureFiles
{
    /// <summary>Writes a file, creating its directories; returns its full path.</summary>
    public static string Write(string root, string relative, string content)
    {
        string full = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>
    /// Writes <paramref name="content"/> beside the folders (in <paramref name="stagingRoot"/>) and renames it onto
    /// <paramref name="target"/>, as editors save: no half-written state for a watcher on a loaded machine to catch.
    /// </summary>
    public static void WriteByRename(string stagingRoot, string target, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string staging = Path.Combine(stagingRoot, "staging-" + Path.GetFileName(target));
        File.WriteAllBytes(staging, content);
        File.Move(staging, target, overwrite: true);
    }

    public static void WriteByRename(string stagingRoot, string target, string content) =>
        WriteByRename(stagingRoot, target, Encoding.UTF8.GetBytes(content));

    /// <summary>Deterministic text of about <paramref name="bytes"/> bytes, different for every seed.</summary>
    public static string Text(int seed, int bytes)
    {
        var text = new StringBuilder(bytes + 80);
        for (int line = 0; text.Length < bytes; line++)
        {
            text.Append("file ").Append(seed).Append(" line ").Append(line).Append(": the quick brown fox jumps over the lazy dog\n");
        }

        return text.ToString();
    }

    /// <summary><paramref name="count"/> text files spread over nested directories.</summary>
    public static List<string> WriteTree(string root, int count, int minBytes, int maxBytes, string prefix = "src")
    {
        var paths = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            string relative = Path.Combine(prefix, $"dir{i % 10}", $"sub{i % 3}", $"file{i:D4}.txt");
            Write(root, relative, Text(i, minBytes + (i * 7919 % Math.Max(1, maxBytes - minBytes))));
            paths.Add(relative);
        }

        return paths;
    }
}
