using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Watching;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// The local folder as scanned, fed to the <see cref="PathReconciler"/>: the watcher's batches (hints), full rescans
/// (the truth: at start, after an overflow, on the timer) and the subtrees the watcher could not watch. A full scan
/// that finds the root vanished or emptied halts instead (<see cref="SafetyInterlock"/>). Runs on the folder loop
/// (<see cref="LocalFeed"/> posts to it), the start-up scan before that loop starts. What a scan finds renamed goes
/// through <see cref="LocalMoves"/>, as the watcher's moves do.
/// </summary>
internal sealed class LocalScans(
    string localPath, LocalTree tree, StateStore store, Trash trash, SafetyInterlock safety, PathReconciler reconciler, LocalMoves moves, ChangeApplier applier, ILogger logger, CancellationToken stopping)
{
    /// <summary>What changed while we were down: recorded, acted on once connected.</summary>
    /// <returns>
    /// True when files the table does not know are on disk: they may be the server's content whose row never got
    /// committed (stopped between rename and commit, or a lost row), and only a full index tells them from local creates.
    /// </returns>
    public async Task<bool> ScanAtStartAsync(FolderRoot root, CancellationToken cancellationToken)
    {
        var changes = await tree.ScanAllAsync(cancellationToken);
        StaleTempFiles.Remove(root, tree.LastOwnTempFiles, logger);
        if (!safety.ShouldHalt(tree, store))
        {
            applier.RecordLocal(moves.TakeRenames(changes));
        }

        logger.LogInformation("Local folder {Path} scanned: {Count} entries, {Hashed} hashed", localPath, tree.LastScanEntryCount, tree.LastHashedCount);
        return changes.Any(c => c.Now is not null && c.Before is null);
    }

    /// <summary>Posted without ending a burst of downloads: the rows it needs committed are settled here first.</summary>
    public async Task OnWatchBatchAsync(WatchBatch batch)
    {
        if (batch.RescanAll || batch.Moves.Count > 0)
        {
            applier.CommitAppliedRows();
        }

        if (batch.RescanAll)
        {
            logger.LogInformation("Rescanning {Path}: {Reason}", localPath, batch.RescanReason);
            await RescanAsync();
            return;
        }

        foreach (var move in batch.Moves)
        {
            moves.TryPropose(move);
        }

        // A move sent as FILE_MOVE left rows that match the disk: its two paths scan as unchanged.
        var paths = applier.SettleOwnWrites(batch.Changed).Concat(batch.Moves.SelectMany(m => new[] { m.From, m.To })).Distinct();
        reconciler.OnLocalChanges(tree.ScanPaths(paths));
    }

    public async Task RescanAsync()
    {
        trash.Prune();
        var changes = await tree.ScanAllAsync(stopping);
        if (!safety.ShouldHalt(tree, store))
        {
            reconciler.OnLocalChanges(moves.TakeRenames(changes));
        }
    }

    /// <summary>The subtrees the watcher could not watch (the inotify watch limit), walked on the poll timer.</summary>
    public async Task PollUnwatchedAsync(IReadOnlyList<RelativePath> directories) =>
        reconciler.OnLocalChanges(moves.TakeRenames(await tree.ScanSubtreesAsync(directories, stopping)));
}
