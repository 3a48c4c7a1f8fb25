using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;

namespace FolderSync.Tests.Sync;

/// <summary>
/// Short names for entry states in table tests: "-" absent, "A"/"B"/"C" files with distinct content,
/// "A'" the content of A with another mtime, "D" a directory.
/// </summary>
internal static class SyncStates
{
    public static readonly string HashA = new('a', 64);
    public static readonly string HashB = new('b', 64);
    public static readonly string HashC = new('c', 64);

    public static EntryState? Parse(string token) => token switch
    {
        "-" => null,
        "A" => EntryState.File(HashA, 1, 1_000),
        "A'" => EntryState.File(HashA, 1, 9_000),
        "B" => EntryState.File(HashB, 2, 2_000),
        "B'" => EntryState.File(HashB, 2, 8_000),
        "C" => EntryState.File(HashC, 3, 3_000),
        "D" => EntryState.Directory(4_000),
        "D'" => EntryState.Directory(7_000),
        _ => throw new ArgumentException($"Unknown state token '{token}'.", nameof(token)),
    };

    public static RelativePath P(string path) => RelativePath.Parse(path);

    public static EntryState File(string hash, long mtimeNs = 1_000) => EntryState.File(hash, 1, mtimeNs);

    public static EntryState Dir() => EntryState.Directory();
}
