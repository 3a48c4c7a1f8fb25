using FolderSync.Common.Configuration;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// The mass-delete guard on the server host's own deletes (docs/sync-model.md, Guards). In a folder of at least
/// <c>Sync:MaxDeleteMinFiles</c> entries, deletes wait until the deleting has been quiet for a moment, so a whole
/// burst (an <c>rm -rf</c> arrives over many watch batches) is judged at once: within <c>Sync:MaxDeletePercent</c> of
/// the folder it goes out; over it, it stays held, nothing deleted on any client, until <see cref="Confirm"/> or until
/// the files come back. Runs on the folder loop.
/// </summary>
internal sealed class DeleteGuard(string folder, SyncOptions sync, Func<long> entries, ILogger logger)
{
    private readonly Dictionary<RelativePath, LocalChange> _held = [];

    /// <summary>Deletes not propagated: settling, or over the limit and waiting for confirmation.</summary>
    public int HeldCount => _held.Count;

    /// <summary>Why deletes wait for confirmation; null while nothing is held over the limit.</summary>
    public string? Reason { get; private set; }

    public IReadOnlyCollection<RelativePath> HeldPaths => _held.Keys;

    /// <summary>
    /// The changes to record now; deletes to hold stay here. <paramref name="settle"/>: call <see cref="Settle"/> once
    /// the folder is quiet (after any change while deletes are held: it may have brought a held file back).
    /// </summary>
    public IReadOnlyList<LocalChange> Filter(IReadOnlyList<LocalChange> changes, out bool settle)
    {
        foreach (var change in changes.Where(c => !IsDelete(c)))
        {
            _held.Remove(change.Path);
        }

        bool armed = sync.MaxDeletePercent > 0 && entries() >= sync.MaxDeleteMinFiles;
        if (_held.Count == 0 && (!armed || !changes.Any(IsDelete)))
        {
            settle = false;
            return changes;
        }

        settle = true;
        foreach (var delete in changes.Where(IsDelete))
        {
            _held[delete.Path] = delete;
        }

        return [.. changes.Where(c => !IsDelete(c))];
    }

    /// <summary>
    /// The deleting stopped. <paramref name="rescanned"/> is <see cref="HeldPaths"/> scanned again: what is back is
    /// no longer held. Returns the deletes to record now (within the limit), or none while the limit is exceeded.
    /// </summary>
    public IReadOnlyList<LocalChange> Settle(IReadOnlyList<LocalChange> rescanned)
    {
        var gone = rescanned.Where(IsDelete).ToDictionary(c => c.Path);
        foreach (var path in _held.Keys.Where(p => !gone.ContainsKey(p)).ToList())
        {
            _held.Remove(path);
        }

        long count = entries();
        if (_held.Count > 0 && sync.MaxDeletePercent > 0 && count >= sync.MaxDeleteMinFiles && _held.Count * 100L > count * sync.MaxDeletePercent)
        {
            string reason = $"{_held.Count} of {count} entries deleted on the server at once, over Sync:MaxDeletePercent ({sync.MaxDeletePercent} %); held until confirm-deletes or until the files are restored";
            if (Reason != reason)
            {
                logger.LogError("{Folder}: not propagating deletes: {Reason}", folder, reason);
            }

            Reason = reason;
            return [];
        }

        return Release(rescanned, "within Sync:MaxDeletePercent now");
    }

    /// <summary><c>confirm-deletes</c>: every held delete whose path is still gone (<paramref name="rescanned"/>) goes out.</summary>
    public IReadOnlyList<LocalChange> Confirm(IReadOnlyList<LocalChange> rescanned) => Release(rescanned, "confirmed");

    /// <summary>The held deletes still gone, in the scan's order (which records a subtree the way a scan would).</summary>
    private List<LocalChange> Release(IReadOnlyList<LocalChange> rescanned, string why)
    {
        var released = rescanned.Where(c => IsDelete(c) && _held.ContainsKey(c.Path)).ToList();
        if (Reason is not null)
        {
            logger.LogWarning("{Folder}: propagating {Count} held deletes: {Why}", folder, released.Count, why);
        }

        _held.Clear();
        Reason = null;
        return released;
    }

    private static bool IsDelete(LocalChange change) => change.Now is null && change.Before is { Deleted: false };
}
