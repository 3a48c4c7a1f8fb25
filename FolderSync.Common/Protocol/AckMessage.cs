namespace FolderSync.Common.Protocol;

/// <summary>Server → client: the decision on the change with <paramref name="RequestId"/>.</summary>
/// <param name="Sequence">The sequence the change received (0 when nothing changed).</param>
/// <param name="ConflictPath">Where the losing content was kept, for <see cref="AckOutcome.Conflict"/>.</param>
public sealed record AckMessage(
    long RequestId,
    AckOutcome Outcome,
    long Sequence,
    string? Path,
    string? ConflictPath,
    string? Message) : Message
{
    public RelativePath? ParsePath() => WirePath.ParseOptional(Path, "path");

    public RelativePath? ParseConflictPath() => WirePath.ParseOptional(ConflictPath, "conflictPath");
}
