using FolderSync.Common.Protocol;

namespace FolderSync.Common.Watching;

/// <summary><see cref="From"/> is set for <see cref="DirectoryActionKind.Moved"/> only.</summary>
internal readonly record struct DirectoryAction(DirectoryActionKind Kind, RelativePath Path, RelativePath? From = null)
{
    public static DirectoryAction None => default;
}
