using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Folders;

/// <summary>
/// Removes the temp files a killed daemon left behind (kill -9 in the middle of a transfer), as found by the
/// start-up scan's own walk (no second walk of the tree). Run before the folder's loop starts, so no writer
/// of ours can own them. Only names with our temp prefix are removed; symlinks are neither followed nor removed.
/// </summary>
internal static class StaleTempFiles
{
    public static int Remove(FolderRoot root, IReadOnlyList<RelativePath> found, ILogger logger)
    {
        int removed = 0;
        foreach (var path in found.Where(p => AtomicFileWriter.IsTempName(p.Name)))
        {
            try
            {
                root.DeleteFile(path, ExpectedTarget.Any);
                removed++;
            }
            catch (IOException ex)
            {
                logger.LogWarning("Could not remove the stale temp file {File}: {Error}", path, ex.Message);
            }
        }

        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} temp file(s) left by an interrupted transfer under {Root}", removed, root.FullPath);
        }

        return removed;
    }
}
