namespace FolderSync.Common.Watching;

public enum WatchMode
{
    /// <summary>inotify delivers batches.</summary>
    Inotify,

    /// <summary>No events will come (Watch: false, or inotify unavailable): rescan on a timer.</summary>
    Polling,
}
