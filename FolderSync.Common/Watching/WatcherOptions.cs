using FolderSync.Common.Protocol;

namespace FolderSync.Common.Watching;

public sealed record WatcherOptions
{
    /// <summary>How long a path still being written, or just removed, is held after its last event.</summary>
    public int DebounceMilliseconds { get; init; } = 100;

    /// <summary>False: no inotify at all; the watcher reports <see cref="WatchMode.Polling"/>.</summary>
    public bool Watch { get; init; } = true;

    /// <summary>
    /// Extra ignore rules (temp names, .foldersyncignore). Hidden names and our own temp files are always
    /// ignored, and an ignored directory is never watched.
    /// </summary>
    public Func<RelativePath, bool>? IsIgnored { get; init; }
}
