using System.Text.Json.Nodes;
using FolderSync.Common.Folders;
using FolderSync.Common.Peers;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;

namespace FolderSync.Client.Engine;

/// <summary>The client's <c>status</c>: the field names are a contract scripts rely on (DESIGN §8).</summary>
public sealed partial class SubscribedFolder
{
    private const int ListedPaths = 20;

    private readonly TransferProgress _progress = new();

    private readonly TrafficCounter _traffic = new();

    public DateTimeOffset? LastActivity { get; private set; }

    public string? LastError { get; private set; }

    public Task<JsonObject> GetStatusAsync() => _queue.Post(() => Task.FromResult(BuildStatus()));

    private JsonObject BuildStatus()
    {
        bool live = _link is not null && _indexComplete;
        int dirty = live ? 0 : (int)Store.DirtyCount;
        var (localOnlyCount, localOnly) = Store.LocalOnly(ListedPaths);
        var skipped = _tree!.Skipped.ToList();
        return new JsonObject
        {
            ["connected"] = _link is not null,
            ["server"] = $"{_options.Host}:{_options.Port}",
            ["folder"] = _options.Folder,
            ["localPath"] = _options.LocalPath,
            ["access"] = Mode.ToString(),
            ["filesTracked"] = (int)Store.FileCount,
            ["pendingUploads"] = _uploads.Count + _createsWaiting.Count + dirty + (_queue.Pending - 1) // minus this status request itself
                + _problems.Paths(download: false).Count(p => !_uploads.IsInFlight(p)),
            ["pendingDownloads"] = _downloads.Count + (_link is not null && !_indexComplete ? 1 : 0) + _problems.Paths(download: true).Count(p => !_downloads.Contains(p)),
            ["conflicts"] = new JsonArray(Store.ConflictCopyCandidates().Where(r => ConflictNames.IsConflictCopy(r.Path)).Select(r => (JsonNode)r.Path.Value).ToArray()),
            ["localOnly"] = StatusJson.PathList((int)localOnlyCount, localOnly.Select(r => (r.Path.Value, $"{Mode} clients do not create on the server"))),
            ["skipped"] = StatusJson.PathList(skipped.Count, skipped.Take(ListedPaths).Select(s => (s.Path.Value, Describe(s)))),
            ["problems"] = _problems.ToJson(ListedPaths),
            ["lastActivity"] = LastActivity?.ToString("O"),
            ["lastError"] = _safety.HaltReason is { } halt ? $"halted: {halt}" : LastError,
            ["halted"] = _safety.HaltReason,
            ["rttMs"] = _ping.RttMs,
            ["clockOffsetMs"] = _link is null ? null : _ping.PeerAheadMs,
            ["lastSequence"] = Store.GetMetaLong(MetaKeys.LastSequence),
            ["progress"] = _progress.ToJson(),
            ["traffic"] = _traffic.ToJson(),
            ["watcher"] = WatcherStatus.Describe(_watcher),
        };
    }

    private static string Describe(SkippedEntry skipped) =>
        skipped.Detail is null ? skipped.Reason.ToString() : $"{skipped.Reason}: {skipped.Detail}";

}
