namespace FolderSync.Common.Protocol;

/// <summary>
/// A chmod alone: the file holding <paramref name="Sha256"/> now has the permission bits <paramref name="Mode"/>
/// (st_mode &amp; 0777; no body). Client → server with the mode it last synced (<paramref name="BaseMode"/>), answered
/// by ACK; server → client as a push, which the client applies (the server's mode wins a concurrent change).
/// </summary>
/// <param name="RequestId">Echoed in the ACK; 0 for server pushes.</param>
/// <param name="BaseMode">The mode the client changed from; null for server pushes.</param>
/// <param name="Sequence">Server-assigned; 0 from clients.</param>
public sealed record FileModeMessage(
    long RequestId,
    string Path,
    string Sha256,
    int Mode,
    int? BaseMode,
    long Sequence,
    string? Origin) : Message
{
    public RelativePath ParsePath() => WirePath.Parse(Path, "path");
}
