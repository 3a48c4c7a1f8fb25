using FolderSync.Common.Sync;

namespace FolderSync.Common.Protocol;

/// <summary>A file or directory was deleted.</summary>
/// <param name="BaseSha256">The version the deleting side last saw (a delete that races an edit loses).</param>
public sealed record FileDeleteMessage(
    long RequestId,
    string Path,
    EntryKind Kind,
    string? BaseSha256,
    long Sequence,
    string? Origin) : Message
{
    public RelativePath ParsePath() => WirePath.Parse(Path, "path");
}
