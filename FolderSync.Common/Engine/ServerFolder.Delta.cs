using FolderSync.Common.Delta;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Engine;

/// <summary>
/// Delta pushes (docs/protocol.md, FILE_DELTA): the folder keeps the chunk list of the version it last
/// recorded of each large file, so the next version goes to clients as copies from it plus literals.
/// </summary>
public sealed partial class ServerFolder
{
    /// <summary>
    /// Chunks the new version of every large file among <paramref name="changes"/>, before the batch opens,
    /// and plans a delta from the previous version's list where there is one.
    /// </summary>
    private Dictionary<RelativePath, (ChunkList Chunks, DeltaPlan? Plan)> ChunkLargeFiles(IReadOnlyList<LocalChange> changes)
    {
        var result = new Dictionary<RelativePath, (ChunkList, DeltaPlan?)>();
        foreach (var change in changes)
        {
            if (change is { MetadataOnly: false, Now: { Kind: EntryKind.File } now } && DeltaPolicy.TracksChunks(now.Size)
                && TryChunk(change.Path, now.Sha256) is { } chunks)
            {
                var before = change.Before is { Deleted: false, Kind: EntryKind.File } ? change.Before.Sha256 : null;
                result[change.Path] = (chunks, DeltaPolicy.TryPlan(change.Path.Value, before is null ? null : Store.GetChunks(change.Path), before, chunks));
            }
        }

        return result;
    }

    /// <summary>The chunk list of the file as it is now, or null when it is no longer the scanned version.</summary>
    private ChunkList? TryChunk(RelativePath path, string sha256)
    {
        try
        {
            using var stream = Root.OpenRead(path);
            var chunks = FastCdcChunker.Chunk(stream);
            return chunks.Sha256 == sha256 ? chunks : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug("{Folder}: could not chunk {Path}: {Error}", Name, path, ex.Message);
            return null;
        }
    }

    /// <summary>A client's upload became the current version: its list is the base of the next server-side delta.</summary>
    private void RememberChunks(RelativePath path, string sha256, long size)
    {
        if (DeltaPolicy.TracksChunks(size) && TryChunk(path, sha256) is { } chunks)
        {
            Store.PutChunks(path, chunks);
        }
    }

    private static FileDeltaMessage ToDelta(RelativePath path, Scanning.ScannedEntry now, long sequence, DeltaPlan plan) =>
        new(0, path.Value, now.Size, now.MtimeNs, now.Sha256, plan.BaseSha256, sequence, FileRecord.ServerOrigin, plan.Ops);

    /// <summary>The literal bytes are read from the file when the frame is written; a file changed since fails the receiver's hash check.</summary>
    private static Func<Stream> DeltaBody(FolderRoot root, FileDeltaMessage delta)
    {
        var path = delta.ParsePath();
        return () => new LiteralRangeStream(root.OpenRead(path), DeltaPlan.LiteralRangesOf(delta.Ops));
    }
}
