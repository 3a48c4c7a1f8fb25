using FolderSync.Common.Delta;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Transfer;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// Delta pushes (docs/protocol.md, FILE_DELTA): the folder keeps the chunk list of the version it last recorded of
/// each large file, so the next version goes to clients as copies from it plus literals. Lists no delta was planned
/// from are computed after the push (<see cref="ChunkBackfill"/>) and recorded through the applier.
/// </summary>
internal sealed class ChunkLists
{
    private readonly string _folder;
    private readonly StateStore _store;
    private readonly FolderRoot _root;
    private readonly ILogger _logger;
    private readonly ChunkBackfill _backfill;

    public ChunkLists(string folder, StateStore store, FolderRoot root, WorkQueue queue, FolderChangeApplier applier, ILogger logger)
    {
        _folder = folder;
        _store = store;
        _root = root;
        _logger = logger;
        _backfill = new ChunkBackfill(ChunkRecorded, queue, applier.RecordChunks);
    }

    /// <summary>Large files whose chunk list (the base of their next delta) is still being computed.</summary>
    public int Pending => _backfill.Pending;

    public Task RunAsync(CancellationToken cancellationToken) => _backfill.RunAsync(cancellationToken);

    /// <summary>
    /// Chunks, before the batch opens, the new version of every large file among <paramref name="changes"/> that
    /// has a usable chunk list of its previous version, and plans a delta from it. The other large files go
    /// whole; their lists are backfilled after the push.
    /// </summary>
    public Dictionary<RelativePath, (ChunkList Chunks, DeltaPlan? Plan)> ChunkLargeFiles(IReadOnlyList<LocalChange> changes)
    {
        var result = new Dictionary<RelativePath, (ChunkList, DeltaPlan?)>();
        foreach (var change in changes)
        {
            if (change is not { MetadataOnly: false, Now: { Kind: EntryKind.File } now, Before: { Deleted: false, Kind: EntryKind.File } before }
                || !DeltaPolicy.TracksChunks(now.Size) || _store.GetChunks(change.Path) is not { } baseChunks || baseChunks.Sha256 != before.Sha256)
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

    /// <summary>Queues the list of a recorded large version that no delta was planned from: the base of its next delta.</summary>
    public void Backfill(FileRecord version)
    {
        if (version is { Deleted: false, Kind: EntryKind.File } && DeltaPolicy.TracksChunks(version.Size))
        {
            _backfill.Enqueue(version);
        }
    }

    /// <summary>The chunk list of the version <paramref name="sha256"/>, or null when the file is no longer that version.</summary>
    private ChunkList? TryChunk(RelativePath path, string sha256, ExpectedTarget version)
    {
        try
        {
            return VersionChunker.TryChunk(_root, path, sha256, version);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug("{Folder}: could not chunk {Path}: {Error}", _folder, path, ex.Message);
            return null;
        }
    }

    private ChunkList? ChunkRecorded(FileRecord version) =>
        TryChunk(version.Path, version.Sha256, ExpectedTarget.Existing(version.Size, version.MtimeNs, version.Inode));
}
