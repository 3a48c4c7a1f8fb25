namespace FolderSync.Common.State;

/// <summary>
/// Counts for <c>status</c>: read from the one row of <c>state_counts</c> that triggers keep in step with
/// <c>file_state</c> (schema 004), so a status costs the same at 100 rows and at 100,000.
/// </summary>
public sealed partial class StateStore
{
    // Counted by schema 004's triggers too: keep the two the same.
    private const string Dirty =
        "local_only = 0 AND ((deleted = 1 AND base_sha256 IS NOT NULL) OR (deleted = 0 AND (base_sha256 IS NULL OR sha256 <> base_sha256)))";

    /// <summary>Regular files present on this side.</summary>
    public long FileCount => StateCount("files");

    /// <summary>Client: rows whose local content differs from the base and is meant for the server.</summary>
    public long DirtyCount => StateCount("dirty");

    /// <summary>Client: the rows <see cref="DirtyCount"/> counts, ordered by path (what a delta index must be reconciled with).</summary>
    public IReadOnlyList<FileRecord> GetDirty() => Query($"{SelectAll} WHERE {Dirty} ORDER BY path;");

    /// <summary>Client: local creates kept local, and the first <paramref name="first"/> of them.</summary>
    public (long Count, IReadOnlyList<FileRecord> First) LocalOnly(int first) => (
        StateCount("local_only"),
        // The WHERE is the partial index file_state_local_only's, word for word: SQLite uses an index that holds
        // only these rows, in path order, when the query's terms are the index's.
        Query($"{SelectAll} WHERE local_only = 1 AND deleted = 0 ORDER BY path LIMIT $first;", c => c.Parameters.AddWithValue("$first", first)));

    /// <summary>Rows whose name looks like a conflict copy (the caller checks the exact pattern).</summary>
    public IReadOnlyList<FileRecord> ConflictCopyCandidates() =>
        // The partial index file_state_conflict_copies's WHERE, word for word (see LocalOnly).
        Query($"{SelectAll} WHERE deleted = 0 AND path LIKE '%.sync-conflict-%' ORDER BY path;");

    /// <summary>One column of <c>state_counts</c>; <paramref name="column"/> is a constant of this class.</summary>
    private long StateCount(string column) => ScalarLong($"SELECT {column} FROM state_counts WHERE id = 0;") ?? 0;
}
