using FolderSync.Common.Protocol;

namespace FolderSync.Client.Engine;

/// <summary>
/// One change sent to the server, waiting for its ACK: the content it carried (as a delta or whole), a delete, or a
/// move to <see cref="Path"/> from <see cref="MovedFrom"/>.
/// </summary>
internal sealed record PendingUpload(RelativePath Path, string Sha256, bool IsDelete, bool AsDelta = false, RelativePath? MovedFrom = null)
{
    /// <summary>The permission bits sent with the content, or alone for a chmod (<see cref="ModeOnly"/>).</summary>
    public int? Mode { get; init; }

    /// <summary>A FILE_MODE: only the mode was sent.</summary>
    public bool ModeOnly { get; init; }
}
