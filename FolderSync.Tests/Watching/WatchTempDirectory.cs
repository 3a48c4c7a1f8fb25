namespace FolderSync.Tests.Watching;

/// <summary>A fresh directory under /tmp, removed on dispose.</summary>
internal sealed class WatchTempDirectory : IDisposable
{
    public WatchTempDirectory()
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), "foldersync-watch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Join(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
