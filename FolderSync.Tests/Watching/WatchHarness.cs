using System.Diagnostics;
using FolderSync.Common.Watching;

namespace FolderSync.Tests.Watching;

/// <summary>A temp folder watched by a real inotify watcher, with its batches collected.</summary>
internal sealed class WatchHarness : IDisposable
{
    public WatchHarness(WatcherOptions? options = null, Action<WatchTempDirectory>? before = null)
    {
        Directory = new WatchTempDirectory();
        before?.Invoke(Directory);
        Inotify = new InotifyWatcher();
        Folder = Inotify.Watch(Directory.Path, options ?? new WatcherOptions { DebounceMilliseconds = 50 });
        Collector = new WatchBatchCollector(Folder);
    }

    public WatchTempDirectory Directory { get; }

    public InotifyWatcher Inotify { get; }

    public FolderWatcher Folder { get; }

    public WatchBatchCollector Collector { get; }

    public string this[string relative] => Directory[relative];

    /// <summary>Runs a real process in the folder and fails the test if it fails.</summary>
    public void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Directory.Path, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{file} failed: {error}");
    }

    public void Dispose()
    {
        Folder.Dispose();
        Inotify.Dispose();
        Collector.Dispose();
        Directory.Dispose();
    }
}
