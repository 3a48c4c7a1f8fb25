using FolderSync.Common.Delta;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Transfer;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// Delta pushes (docs/protocol.md, FILE_DELTA): the folder keeps the chunk list of the version it last
/// recorded of each large file, so the next version goes to clients as copies from it plus literals.
/// </summary>
public sealed partial class PublishedFolder
{
    /// <summary>
    /// Chunks, before the batch opens, the new version of every large file among <paramref name="changes"/> that
    /// has a usable chunk list of its previous version, and plans a delta from it. The other large files go
    /// whole; their lists are backfilled after the push (<see cref="ChunkBackfill"/>).
    /// </summary>
    private Dictionary<RelativePath, (ChunkList Chunks, DeltaPlan? Plan)> ChunkLargeFiles(IReadOnlyList<LocalChange> changes)
    {
        var result = new Dictionary<RelativePath, (ChunkList, DeltaPlan?)>();
        foreach (var change in changes)
        {
            if (change is not { MetadataOnly: false, Now: { Kind: EntryKind.File } now, Before: { Deleted: false, Kind: EntryKind.File } before }
                || !DeltaPolicy.TracksChunks(now.Size) || Store.GetChunks(change.Path) is not { } baseChunks || baseChunks.Sha256 != before.Sha256)
            {
                continue;
            }

            if (TryChunk(change.Path, now.Sha256, ExpectedTarget.Existing(now.Size, now.MtimeNs, now.Inode)) is { } chunks)
            {
                result[change.Path] = (chunks, DeltaPolicy.TryPlan(change.Path.Value, baseChunks, before.Sha256, chunks));
            }
        }

        return result;
    }

    /// <summary>The chunk list of the version <paramref name="sha256"/>, or null when the file is no longer that version.</summary>
    private ChunkList? TryChunk(RelativePath path, string sha256, ExpectedTarget version)
    {
        try
        {
            return VersionChunker.TryChunk(Root, path, sha256, version);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug("{Folder}: could not chunk {Path}: {Error}", Name, path, ex.Message);
            return null;
        }
    }

    /// <summary>Queues the list of a recorded large version that no delta was planned from: the base of its next delta.</summary>
    private void BackfillChunks(FileRecord version)
    {
        if (version is { Deleted: false, Kind: EntryKind.File } && DeltaPolicy.TracksChunks(version.Size))
        {
            _backfill!.Enqueue(version);
        }
    }

    private ChunkList? ChunkRecorded(FileRecord version) =>
        TryChunk(version.Path, version.Sha256, ExpectedTarget.Existing(version.Size, version.MtimeNs, version.Inode));

    /// <summary>On the folder loop: keeps the list only while its version is still the recorded one.</summary>
    private void RecordChunks(FileRecord version, ChunkList chunks)
    {
        if (Store.Get(version.Path) is { Deleted: false, Kind: EntryKind.File } current && current.Sha256 == version.Sha256)
        {
            Store.PutChunks(version.Path, chunks);
        }
    }

    private static FileDeltaMessage ToDelta(RelativePath path, ScannedEntry now, long sequence, DeltaPlan plan) =>
        new(0, path.Value, now.Size, now.MtimeNs, now.Sha256, plan.BaseSha256, sequence, FileRecord.ServerOrigin, plan.Ops);

    /// <summary>The literal bytes are read from the file when the frame is written; a file changed since fails the receiver's hash check.</summary>
    private static Func<Stream> DeltaBody(FolderRoot root, FileDeltaMessage delta)
    {
        var path = delta.ParsePath();
        return () => new LiteralRangeStream(root.OpenRead(path), DeltaPlan.LiteralRangesOf(delta.Ops));
    }
}
