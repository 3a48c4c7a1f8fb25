using FolderSync.Common.Sync;

namespace FolderSync.Common.Protocol;

/// <summary>One path in an INDEX_BATCH: the server's state of it, or a tombstone when <paramref name="Deleted"/>.</summary>
/// <param name="Sha256">Lower-case hex; empty for a directory.</param>
public sealed record IndexEntry(
    string Path,
    EntryKind Kind,
    long Size,
    long MtimeNs,
    string Sha256,
    long Sequence,
    bool Deleted,
    string Origin)
{
    public RelativePath ParsePath() => WirePath.Parse(Path, "path");
}
