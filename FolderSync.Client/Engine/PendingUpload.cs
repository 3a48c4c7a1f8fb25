using FolderSync.Common.Protocol;

namespace FolderSync.Client.Engine;

/// <summary>
/// One change sent to the server, waiting for its ACK: the content it carried (as a delta or whole), a delete, or a
/// move to <see cref="Path"/> from <see cref="MovedFrom"/>.
/// </summary>
internal sealed record PendingUpload(RelativePath Path, string Sha256, bool IsDelete, bool AsDelta = false, RelativePath? MovedFrom = null);
