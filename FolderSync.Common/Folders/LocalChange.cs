using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;

namespace FolderSync.Common.Folders;

/// <summary>A path whose disk state differs from its row: <see cref="Now"/> null means it is gone.</summary>
public sealed record LocalChange(RelativePath Path, ScannedEntry? Now, FileRecord? Before)
{
    /// <summary>Same content as recorded; only size, mtime or inode moved (a touch, a copy back).</summary>
    public bool MetadataOnly =>
        Now is not null && Before is { Deleted: false } && Before.Kind == Now.Kind && Before.Sha256 == Now.Sha256;

    /// <summary>Same content, other permission bits than the row's known mode (a chmod).</summary>
    public bool ModeChanged => MetadataOnly && Before!.Mode is { } before && Now!.Mode is { } now && before != now;
}
