using System.Text.Json.Serialization;

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
    /// <summary>A file's permission bits (st_mode &amp; 0777); absent while the server does not know them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Mode { get; init; }

    public RelativePath ParsePath() => WirePath.Parse(Path, "path");
}
