using System.Globalization;

namespace FolderSync.Common.State;

public sealed partial class StateStore
{
    public string? GetMeta(string key)
    {
        lock (_readLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _reader.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = $key;";
            command.Parameters.AddWithValue("$key", key);
            return command.ExecuteScalar() as string;
        }
    }

    /// <summary>Sets one meta value in its own transaction.</summary>
    public void SetMeta(string key, string value)
    {
        using var batch = BeginBatch();
        batch.SetMeta(key, value);
        batch.Commit();
    }

    public long GetMetaLong(string key) =>
        GetMeta(key) is { } text ? long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;

    /// <summary>Server: the last sequence issued by <see cref="StateBatch.NextSequence"/> (0 before the first).</summary>
    public long CurrentSequence => GetMetaLong(MetaKeys.Sequence);

    /// <summary>Server: the highest sequence of a pruned tombstone (0 when none was pruned).</summary>
    public long TombstonesPrunedUpTo => GetMetaLong(MetaKeys.TombstonesPrunedUpTo);

    /// <summary>
    /// Server: true when a client that applied up to <paramref name="lastSequence"/> may have missed a
    /// pruned tombstone, so changes-since cannot tell it about every delete: it needs a full index.
    /// </summary>
    public bool NeedsFullIndex(long lastSequence) => lastSequence < TombstonesPrunedUpTo;

    /// <summary>The lowest sequence among the tombstones still stored, or null when there are none.</summary>
    public long? MinLiveTombstoneSequence() => ScalarLong("SELECT MIN(sequence) FROM file_state WHERE deleted = 1;");

    /// <summary>
    /// Deletes tombstones with a sequence below <paramref name="olderThanSequence"/> and records the highest
    /// pruned sequence in meta (<see cref="MetaKeys.TombstonesPrunedUpTo"/>). Returns how many were pruned.
    /// </summary>
    public int PruneTombstones(long olderThanSequence)
    {
        using var batch = BeginBatch();
        int pruned = batch.PruneTombstones(olderThanSequence);
        batch.Commit();
        return pruned;
    }
}
