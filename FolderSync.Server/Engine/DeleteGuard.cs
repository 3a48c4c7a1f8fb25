using FolderSync.Common.Configuration;
using FolderSync.Common.Protocol;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// The mass-delete guard (docs/sync-model.md, Guards), one per side: the server host's deletes, and Full clients'.
/// In a folder of at least <c>Sync:MaxDeleteMinFiles</c> entries a delete waits until the deleting has been quiet, so
/// a whole burst (an <c>rm -rf</c> arrives as a stream of small batches) is judged at once: within
/// <c>Sync:MaxDeletePercent</c> of the folder it goes out; over it, it stays held, nothing deleted anywhere, until
/// <see cref="Confirm"/> or until the files come back (<see cref="Drop"/>). A lone delete in a calm folder waits only
/// <see cref="Grace"/>, the gap between two deletes of one burst, not the whole quiet window. Runs on the folder loop.
/// </summary>
/// <param name="who">Names the side for the log and status: "on the server", "by client alice".</param>
internal sealed class DeleteGuard<T>(
    string folder, SyncOptions sync, Func<long> entries, Func<T, RelativePath> pathOf, Func<IEnumerable<T>, string> who, TimeProvider time, ILogger logger)
    where T : class
{
    /// <summary>Longer than the gap between two deletes of a burst (they stream in µs to ms apart), far below the quiet window.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<RelativePath, T> _held = [];
    private long? _lastDelete;

    /// <summary>Deletes of the current burst that already went out: they count toward its share of the folder.</summary>
    private int _released;

    /// <summary>Deletes not propagated: settling, or over the limit and waiting for confirmation.</summary>
    public int HeldCount => _held.Count;

    /// <summary>Why deletes wait for confirmation; null while nothing is held over the limit.</summary>
    public string? Reason { get; private set; }

    public IReadOnlyCollection<RelativePath> HeldPaths => _held.Keys;

    public IReadOnlyCollection<T> Held => _held.Values;

    /// <summary>How long the deleting must be quiet before <see cref="Settle"/>: <see cref="Grace"/> for a lone delete.</summary>
    public TimeSpan SettleDelay => _held.Count <= 1 && _released == 0 && Reason is null ? Grace : Quiet;

    /// <summary>The quiet that ends a burst: half a second, or three debounce windows if longer.</summary>
    private TimeSpan Quiet => TimeSpan.FromMilliseconds(Math.Max(500, 3 * sync.DebounceMilliseconds));

    private bool Armed => sync.MaxDeletePercent > 0 && entries() >= sync.MaxDeleteMinFiles;

    public T? Find(RelativePath path) => _held.GetValueOrDefault(path);

    /// <summary>Holds <paramref name="delete"/> until <see cref="Settle"/>; false when it goes now (a small folder, nothing held).</summary>
    public bool Hold(T delete)
    {
        if (_held.Count == 0 && !Armed)
        {
            return false;
        }

        long now = time.GetTimestamp();
        if (_lastDelete is not { } last || (_held.Count == 0 && time.GetElapsedTime(last, now) > Quiet))
        {
            // A new burst: what went out before it no longer counts.
            _released = 0;
        }

        _lastDelete = now;
        _held[pathOf(delete)] = delete;
        return true;
    }

    /// <summary>The path came back (or changed): its delete is no longer held. Returns the dropped delete.</summary>
    public T? Drop(RelativePath path) => _held.Remove(path, out var dropped) ? dropped : null;

    /// <summary>
    /// The deleting stopped. <paramref name="stillGone"/>: the held deletes still wanted (their paths scanned again, in
    /// the scan's order); the rest are dropped. Returns the deletes to apply now (within the limit), or none over it.
    /// </summary>
    public IReadOnlyList<T> Settle(IReadOnlyList<T> stillGone)
    {
        var gone = stillGone.Select(pathOf).ToHashSet();
        foreach (var path in _held.Keys.Where(p => !gone.Contains(p)).ToList())
        {
            _held.Remove(path);
        }

        long count = entries() + _released;
        int burst = _held.Count + _released;
        if (_held.Count > 0 && sync.MaxDeletePercent > 0 && count >= sync.MaxDeleteMinFiles && burst * 100L > count * sync.MaxDeletePercent)
        {
            string reason = $"{burst} of {count} entries deleted {who(_held.Values)} at once, over Sync:MaxDeletePercent ({sync.MaxDeletePercent} %); "
                + $"{_held.Count} held until confirm-deletes or until the files are restored";
            if (Reason != reason)
            {
                logger.LogError("{Folder}: not propagating deletes: {Reason}", folder, reason);
            }

            Reason = reason;
            return [];
        }

        var released = Release(stillGone, "within Sync:MaxDeletePercent now");
        _released += released.Count;
        return released;
    }

    /// <summary><c>confirm-deletes</c>: every held delete still wanted (<paramref name="stillGone"/>) goes out.</summary>
    public IReadOnlyList<T> Confirm(IReadOnlyList<T> stillGone)
    {
        _released = 0;
        return Release(stillGone, "confirmed");
    }

    private List<T> Release(IReadOnlyList<T> stillGone, string why)
    {
        var released = stillGone.Where(d => _held.ContainsKey(pathOf(d))).ToList();
        if (Reason is not null)
        {
            logger.LogWarning("{Folder}: propagating {Count} held deletes: {Why}", folder, released.Count, why);
        }

        _held.Clear();
        Reason = null;
        return released;
    }
}
