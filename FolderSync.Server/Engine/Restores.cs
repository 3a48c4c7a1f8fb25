using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Server.History;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// A version from history written back through the normal path: a new version with the next sequence that every
/// client receives. The content it replaces is a version in history already (and in the trash). Runs on the folder loop.
/// </summary>
internal sealed class Restores(string folder, StateStore store, FolderChangeApplier applier, ChunkLists chunks, Subscribers subscribers, HistoryRecorder history, ILogger logger)
{
    public RestoreResult Restore(RelativePath path, HistoryVersion? version, string asked, RelativePath? to, string origin)
    {
        var target = to ?? path;
        if (version is null)
        {
            return RestoreResult.Refused(path.Value, 0, $"{path} has no stored version {asked}");
        }

        if (version.Entry.Path != path.Value)
        {
            return RestoreResult.Refused(path.Value, version.Id, $"version {version.Id} is a version of {version.Entry.Path}, not of {path}");
        }

        if (version.Entry.Kind != HistoryKind.Content || !version.Stored || history.TryRead(version.Entry.Sha256, long.MaxValue) is not { } content)
        {
            return RestoreResult.Refused(path.Value, version.Id, $"version {version.Id} of {path} has no stored content (a delete, or pruned)");
        }

        var current = store.Get(target);
        if (current is { Deleted: false, Kind: EntryKind.Directory })
        {
            return RestoreResult.Refused(target.Value, version.Id, $"{target} is a directory on the server");
        }

        var live = current is { Deleted: false } ? current : null;
        if (live?.Sha256 == version.Entry.Sha256)
        {
            return new RestoreResult(true, target.Value, version.Id, live.Sequence, null);
        }

        var record = applier.CommitContent(target, content, history.Now.ToUnixTimeMilliseconds() * 1_000_000, live, origin, $"restored from version {version.Id}");
        chunks.Backfill(record);
        subscribers.Broadcast(FolderMessages.ToMessage(record), except: null);
        logger.LogInformation("{Folder}: {Origin} restored {Path} from version {Version} to {Target} (seq {Sequence})", folder, origin, path, version.Id, target, record.Sequence);
        return new RestoreResult(true, target.Value, version.Id, record.Sequence, null);
    }
}
