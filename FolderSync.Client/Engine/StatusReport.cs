using System.Text.Json.Nodes;
using FolderSync.Common.Folders;
using FolderSync.Common.Peers;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;

namespace FolderSync.Client.Engine;

/// <summary>The client's <c>status</c>: the field names are a contract scripts rely on (DESIGN §8). Built on the folder loop.</summary>
internal sealed class StatusReport(
    SubscribedFolderOptions options,
    StateStore store,
    LocalTree tree,
    FolderWatcher watcher,
    ClientSession session,
    PathReconciler reconciler,
    SafetyInterlock safety,
    PingTracker ping,
    TransferProgress progress,
    TrafficCounter traffic,
    FolderActivity activity,
    WorkQueue queue)
{
    private const int ListedPaths = 20;

    public JsonObject Build()
    {
        var link = session.Link;
        bool live = session.Live;
        int dirty = live ? 0 : (int)store.DirtyCount;
        var uploads = session.Uploads;
        var downloads = session.Downloads;
        var problems = reconciler.Problems;
        var (localOnlyCount, localOnly) = store.LocalOnly(ListedPaths);
        var skipped = tree.Skipped.ToList();
        return new JsonObject
        {
            ["connected"] = link is not null,
            ["server"] = $"{options.Host}:{options.Port}",
            ["folder"] = options.Folder,
            ["localPath"] = options.LocalPath,
            ["access"] = session.Access.ToString(),
            ["filesTracked"] = (int)store.FileCount,
            ["pendingUploads"] = uploads.Count + reconciler.CreatesWaiting + dirty + (queue.Pending - 1) // minus this status request itself
                + problems.Paths(download: false).Count(p => !uploads.IsInFlight(p)),
            ["pendingDownloads"] = downloads.Count + (link is not null && !session.IndexComplete ? 1 : 0) + problems.Paths(download: true).Count(p => !downloads.Contains(p)),
            ["conflicts"] = new JsonArray(store.ConflictCopyCandidates().Where(r => ConflictNames.IsConflictCopy(r.Path)).Select(r => (JsonNode)r.Path.Value).ToArray()),
            ["localOnly"] = StatusJson.PathList((int)localOnlyCount, localOnly.Select(r => (r.Path.Value, $"{session.Access} clients do not create on the server"))),
            ["skipped"] = StatusJson.PathList(skipped.Count, skipped.Take(ListedPaths).Select(s => (s.Path.Value, Describe(s)))),
            ["problems"] = problems.ToJson(ListedPaths),
            ["lastActivity"] = activity.LastActivity?.ToString("O"),
            ["lastError"] = safety.HaltReason is { } halt ? $"halted: {halt}" : activity.LastError,
            ["halted"] = safety.HaltReason,
            ["rttMs"] = ping.RttMs,
            ["clockOffsetMs"] = link is null ? null : ping.PeerAheadMs,
            ["lastSequence"] = store.GetMetaLong(MetaKeys.LastSequence),
            ["progress"] = progress.ToJson(),
            ["traffic"] = traffic.ToJson(),
            ["watcher"] = WatcherStatus.Describe(watcher),
        };
    }

    private static string Describe(SkippedEntry skipped) =>
        skipped.Detail is null ? skipped.Reason.ToString() : $"{skipped.Reason}: {skipped.Detail}";
}
