namespace FolderSync.Tests.Support;

/// <summary>A fresh temp directory for the State and Scanning tests, removed on dispose.</summary>
internal sealed class StoreScanTempDirectory : IDisposable
{
    public StoreScanTempDirectory() => Path = CreatePath();

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes a file (creating its directories) and returns its full path.</summary>
    public string Write(string relative, string content) => WriteBytes(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public string WriteBytes(string relative, byte[] content)
    {
        string full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    public void Dispose() => DeletePath(Path);

    /// <summary>Creates a fresh temp directory (for fixtures that cannot hold a disposable field).</summary>
    public static string CreatePath()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "foldersync-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeletePath(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir must not fail a test.
        }
    }
}
