namespace FolderSync.Common.State;

/// <summary>Counts for <c>status</c>, answered by SQLite rather than by reading every row.</summary>
public sealed partial class StateStore
{
    private const string Dirty =
        "local_only = 0 AND ((deleted = 1 AND base_sha256 IS NOT NULL) OR (deleted = 0 AND (base_sha256 IS NULL OR sha256 <> base_sha256)))";

    /// <summary>Regular files present on this side.</summary>
    public long FileCount => ScalarLong("SELECT COUNT(*) FROM file_state WHERE deleted = 0 AND kind = 0;") ?? 0;

    /// <summary>Client: rows whose local content differs from the base and is meant for the server.</summary>
    public long DirtyCount => ScalarLong($"SELECT COUNT(*) FROM file_state WHERE {Dirty};") ?? 0;

    /// <summary>Client: the rows <see cref="DirtyCount"/> counts, ordered by path (what a delta index must be reconciled with).</summary>
    public IReadOnlyList<FileRecord> GetDirty() => Query($"{SelectAll} WHERE {Dirty} ORDER BY path;");

    /// <summary>Client: local creates kept local, and the first <paramref name="first"/> of them.</summary>
    public (long Count, IReadOnlyList<FileRecord> First) LocalOnly(int first) => (
        ScalarLong("SELECT COUNT(*) FROM file_state WHERE local_only = 1 AND deleted = 0;") ?? 0,
        // "+path": sort the few matches instead of walking the whole path index to avoid a sort, which looks
        // up every row by rowid (11 ms per status at 10,000 rows, docs/benchmarks.md).
        Query($"{SelectAll} WHERE local_only = 1 AND deleted = 0 ORDER BY +path LIMIT $first;", c => c.Parameters.AddWithValue("$first", first)));

    /// <summary>Rows whose name looks like a conflict copy (the caller checks the exact pattern).</summary>
    public IReadOnlyList<FileRecord> ConflictCopyCandidates() =>
        Query($"{SelectAll} WHERE deleted = 0 AND path LIKE '%.sync-conflict-%' ORDER BY path;");
}
