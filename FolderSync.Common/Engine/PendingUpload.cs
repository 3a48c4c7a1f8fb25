using FolderSync.Common.Protocol;

namespace FolderSync.Common.Engine;

/// <summary>One change sent to the server, waiting for its ACK: the content it carried, or a delete.</summary>
internal sealed record PendingUpload(RelativePath Path, string Sha256, bool IsDelete);
