using FolderSync.Common.FileSystem;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Hosting;

/// <summary>
/// Removes the temp files a killed daemon left behind (kill -9 in the middle of a transfer). Run at start-up,
/// before the folder's engine exists, so no writer of ours can own them. Symlinks are neither followed nor removed.
/// </summary>
public static class StaleTempFiles
{
    public static int Remove(string root, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
            MatchType = MatchType.Simple,
        };
        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(root, AtomicFileWriter.TempPrefix + "*", options))
        {
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not remove the stale temp file {File}: {Error}", file, ex.Message);
            }
        }

        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} temp file(s) left by an interrupted transfer under {Root}", removed, root);
        }

        return removed;
    }
}
