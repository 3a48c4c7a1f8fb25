namespace FolderSync.Common.Protocol;

/// <summary>A directory was created.</summary>
public sealed record DirCreateMessage(long RequestId, string Path, long MtimeNs, long Sequence, string? Origin) : Message
{
    public RelativePath ParsePath() => WirePath.Parse(Path, "path");
}
