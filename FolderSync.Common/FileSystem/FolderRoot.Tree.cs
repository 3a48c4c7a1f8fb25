using FolderSync.Common.Native;
using FolderSync.Common.Protocol;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.FileSystem;

/// <summary>Removing a whole subtree, bottom-up, without ever following a symlink.</summary>
public sealed partial class FolderRoot
{
    /// <summary>
    /// Removes the directory <paramref name="path"/> with its files and subdirectories. With a trash the
    /// whole tree is moved there in one rename (symlinks inside travel along, unfollowed). Otherwise, or
    /// when the trash is on another file system, it is walked bottom-up: files are unlinked (or moved
    /// to the trash), symlinks and special files are neither followed nor removed: they, and the
    /// directories holding them, stay in place and are returned so the caller can report them.
    /// </summary>
    /// <returns>The entries left in place (empty when the tree is gone).</returns>
    public IReadOnlyList<RelativePath> RemoveTree(RelativePath path, Trash? trash = null)
    {
        var kept = new List<RelativePath>();
        using var parent = TryOpenDirectory(path.Parent);
        var actual = parent is null ? null : StatAt(parent, path.Name, path.Value);
        switch (actual?.Kind)
        {
            case null:
                return kept;
            case NodeKind.File:
                DeleteFile(path, ExpectedTarget.Any, trash);
                return kept;
            case NodeKind.Directory:
                break;
            default:
                kept.Add(path);
                return kept;
        }

        if (trash is not null && trash.TryMoveWhole(parent!, path))
        {
            return kept;
        }

        using (var dir = OpenChild(parent!, path))
        {
            RemoveContents(dir, path, trash, kept);
        }

        if (kept.Count == 0 && LibC.UnlinkAt(parent!, path.Name, LibC.AtRemoveDir) < 0)
        {
            FileSystemErrors.ThrowLast("rmdir", path.Value);
        }

        return kept;
    }

    private static void RemoveContents(SafeFileHandle dir, RelativePath dirPath, Trash? trash, List<RelativePath> kept)
    {
        foreach (string name in DirectoryReader.ReadNames(dir, dirPath.Value))
        {
            var child = dirPath.Combine(name);
            var status = StatAt(dir, name, child.Value);
            switch (status?.Kind)
            {
                case null:
                    break;
                case NodeKind.File when trash is not null:
                    trash.KeepAt(dir, child, move: true);
                    break;
                case NodeKind.File:
                    if (LibC.UnlinkAt(dir, name, 0) < 0)
                    {
                        FileSystemErrors.ThrowLast("unlink", child.Value);
                    }

                    break;
                case NodeKind.Directory:
                    int before = kept.Count;
                    using (var sub = OpenChild(dir, child))
                    {
                        RemoveContents(sub, child, trash, kept);
                    }

                    if (kept.Count == before && LibC.UnlinkAt(dir, name, LibC.AtRemoveDir) < 0)
                    {
                        FileSystemErrors.ThrowLast("rmdir", child.Value);
                    }

                    break;
                default:
                    kept.Add(child);
                    break;
            }
        }
    }

    private static SafeFileHandle OpenChild(SafeFileHandle parent, RelativePath path)
    {
        int fd = LibC.OpenAt(parent, path.Name, DirectoryFlags, 0);
        if (fd < 0)
        {
            throw WalkError(parent, path.Name, path.Value, FileSystemErrors.LastErrno);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
