using FolderSync.Common.Delta;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Transfer;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// The chunk lists of the client's synced large versions (the <c>chunks</c> table): the base each delta upload is
/// planned against. Lists are computed on the backfill's own thread and kept on the folder loop, only while their
/// version is still the local content.
/// </summary>
internal sealed class LocalChunkLists
{
    private readonly StateStore _store;
    private readonly FolderRoot _root;
    private readonly ILogger _logger;
    private readonly ChunkBackfill _backfill;

    public LocalChunkLists(StateStore store, FolderRoot root, WorkQueue queue, ILogger logger)
    {
        _store = store;
        _root = root;
        _logger = logger;
        _backfill = new ChunkBackfill(TryChunk, queue, KeepIfCurrent);
    }

    /// <summary>Synced versions queued or being chunked, whose list is not recorded yet.</summary>
    public int Pending => _backfill.Pending;

    /// <summary>The chunking of synced large versions, on a thread of its own (<see cref="ChunkBackfill"/>).</summary>
    public Task RunBackfillAsync(CancellationToken cancellationToken) => _backfill.RunAsync(cancellationToken);

    /// <summary>The list of a version about to be uploaded: it becomes the base when the server accepts the version.</summary>
    public void Keep(RelativePath path, ChunkList chunks) => _store.PutChunks(path, chunks);

    /// <summary>Queues the list of a large version now synced (the base of the next upload) unless it is recorded already.</summary>
    public void Backfill(FileRecord version)
    {
        if (version is { Deleted: false, Kind: EntryKind.File } && DeltaPolicy.TracksChunks(version.Size)
            && _store.GetChunks(version.Path)?.Sha256 != version.Sha256)
        {
            _backfill.Enqueue(version);
        }
    }

    /// <summary>The chunk list of <paramref name="version"/> as on disk, or null when it is no longer that version or unreadable.</summary>
    public ChunkList? TryChunk(FileRecord version)
    {
        try
        {
            return VersionChunker.TryChunk(_root, version.Path, version.Sha256, ChangeApplier.AsRecorded(version));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug("Could not chunk {Path}: {Error}", version.Path, ex.Message);
            return null;
        }
    }

    /// <summary>On the loop: keeps the list only while its version is still the local content.</summary>
    private void KeepIfCurrent(FileRecord version, ChunkList chunks)
    {
        if (_store.Get(version.Path) is { Deleted: false, Kind: EntryKind.File } current && current.Sha256 == version.Sha256)
        {
            _store.PutChunks(version.Path, chunks);
        }
    }
}
