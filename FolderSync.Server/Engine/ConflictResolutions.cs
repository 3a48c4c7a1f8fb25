using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Server.History;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// <c>resolve</c>: an open conflict ends with the kept content at the file's path and the copy deleted (both through
/// the normal path, so every client follows and history keeps both versions), or with both files kept as they are.
/// Runs on the folder loop.
/// </summary>
internal sealed class ConflictResolutions(string folder, StateStore store, FolderRoot root, FolderChangeApplier applier, ChunkLists chunks, Subscribers subscribers, ConflictRegistry conflicts, HistoryRecorder history, ILogger logger)
{
    /// <summary>The conflicts of <paramref name="path"/> (the file or one of its copies) resolved; returns how many.</summary>
    public int Resolve(RelativePath path, ConflictKeep keep, string origin)
    {
        int resolved = 0;
        foreach (var conflict in conflicts.List().Where(c => c.Path == path.Value || c.CopyPath == path.Value))
        {
            var file = RelativePath.Parse(conflict.Path);
            var copy = RelativePath.Parse(conflict.CopyPath);
            var copyRecord = store.Get(copy);
            if (keep == ConflictKeep.Both || copyRecord is not { Deleted: false, Kind: EntryKind.File })
            {
                conflicts.Close(conflict.CopyPath);
                resolved++;
                continue;
            }

            if (keep == ConflictKeep.Copy)
            {
                byte[] content;
                using (var input = root.OpenRead(copy))
                using (var buffer = new MemoryStream())
                {
                    input.CopyTo(buffer);
                    content = buffer.ToArray();
                }

                var current = store.Get(file) is { Deleted: false, Kind: EntryKind.File } live ? live : null;
                var record = applier.CommitContent(file, content, history.Now.ToUnixTimeMilliseconds() * 1_000_000, current, origin, $"resolved: kept {copy}");
                chunks.Backfill(record);
                subscribers.Broadcast(FolderMessages.ToMessage(record), except: null);
            }

            long sequence = applier.Delete(copy, copyRecord, origin);
            subscribers.Broadcast(new FileDeleteMessage(0, copy.Value, EntryKind.File, copyRecord.Sha256, sequence, origin), except: null);
            logger.LogInformation("{Folder}: {Origin} resolved the conflict of {Path} keeping {Keep} (seq {Sequence})", folder, origin, file, keep, sequence);
            resolved++;
        }

        return resolved;
    }
}
