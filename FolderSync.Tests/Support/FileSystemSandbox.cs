using System.Diagnostics;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;

namespace FolderSync.Tests.Support;

/// <summary>A temp directory holding a folder root, an "outside" directory with a sentinel, and a state dir.</summary>
internal sealed class FileSystemSandbox : IDisposable
{
    public const string SentinelContent = "outside: must never change";

    private readonly List<string> _mounts = [];

    public FileSystemSandbox()
    {
        Base = Directory.CreateTempSubdirectory("foldersync-fs-").FullName;
        RootPath = Path.Combine(Base, "root");
        OutsidePath = Path.Combine(Base, "outside");
        StatePath = Path.Combine(Base, "state");
        Directory.CreateDirectory(RootPath);
        Directory.CreateDirectory(OutsidePath);
        File.WriteAllText(Path.Combine(OutsidePath, "sentinel.txt"), SentinelContent);
        Root = FolderRoot.Open(RootPath);
    }

    public string Base { get; }

    public string RootPath { get; }

    public string OutsidePath { get; }

    public string StatePath { get; }

    public FolderRoot Root { get; }

    public static RelativePath P(string path) => RelativePath.Parse(path);

    public string Full(string relative) => Path.Combine(RootPath, relative);

    public string Write(string relative, string content)
    {
        string full = Full(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Asserts the outside directory still holds exactly the sentinel, unchanged.</summary>
    public void AssertOutsideUntouched()
    {
        Assert.That(Directory.EnumerateFileSystemEntries(OutsidePath).Select(Path.GetFileName), Is.EquivalentTo(new[] { "sentinel.txt" }));
        Assert.That(File.ReadAllText(Path.Combine(OutsidePath, "sentinel.txt")), Is.EqualTo(SentinelContent));
    }

    /// <summary>Mounts a small tmpfs (root only); false when this process may not mount.</summary>
    public bool TryMountTmpfs(string directory, string size)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return false;
        }

        Directory.CreateDirectory(directory);
        if (Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", directory) != 0)
        {
            return false;
        }

        _mounts.Add(directory);
        return true;
    }

    public void Dispose()
    {
        Root.Dispose();
        foreach (string mount in _mounts)
        {
            _ = Run("umount", "-l", mount);
        }

        Directory.Delete(Base, recursive: true);
    }

    private static int Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
