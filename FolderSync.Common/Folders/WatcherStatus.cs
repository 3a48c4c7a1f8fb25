using System.Text.Json.Nodes;
using FolderSync.Common.Watching;

namespace FolderSync.Common.Folders;

/// <summary>Watcher health for <c>status</c>: mode, watches held, overflows, the last problem (e.g. the sysctl limit).</summary>
internal static class WatcherStatus
{
    public static JsonObject Describe(FolderWatcher? watcher) => watcher is null
        ? new JsonObject { ["mode"] = "stopped" }
        : new JsonObject
        {
            ["mode"] = watcher.Mode.ToString(),
            ["watches"] = watcher.WatchCount,
            ["overflows"] = watcher.OverflowCount,
            ["degraded"] = watcher.Degraded,
            ["unwatched"] = watcher.UnwatchedDirectories.Count,
            ["lastError"] = watcher.LastError,
        };
}
