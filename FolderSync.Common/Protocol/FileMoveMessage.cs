using FolderSync.Common.Sync;

namespace FolderSync.Common.Protocol;

/// <summary>A file or a whole directory moved (one message, not a delete per file).</summary>
/// <param name="Sha256">Content of a moved file; null for a directory.</param>
public sealed record FileMoveMessage(
    long RequestId,
    string From,
    string To,
    EntryKind Kind,
    string? Sha256,
    long Sequence,
    string? Origin) : Message
{
    public RelativePath ParseFrom() => WirePath.Parse(From, "from");

    public RelativePath ParseTo() => WirePath.Parse(To, "to");
}
