namespace FolderSync.Common.Protocol;

/// <summary>Client → server: send me the current content of this file (answered by FILE_UPDATE).</summary>
public sealed record FileRequestMessage(string Path) : Message
{
    public RelativePath ParsePath() => WirePath.Parse(Path, "path");
}
