using FolderSync.Common.Protocol;

namespace FolderSync.Server.Engine;

/// <summary>A Full client's FILE_DELETE the mass-delete guard holds; <see cref="Answered"/> once its ACK said it is held.</summary>
internal sealed record HeldClientDelete(IFolderClient Client, FileDeleteMessage Delete, RelativePath Path)
{
    public bool Answered { get; set; }
}
