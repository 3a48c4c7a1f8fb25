using FolderSync.Common.FileSystem;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Engine;

/// <summary>
/// Streams a FILE_UPDATE body into a temp file beside its target, slice by slice: a file is never held
/// whole in memory. The temp file is verified and renamed later, by the folder's loop.
/// </summary>
internal static class BodyReceiver
{
    /// <returns>The filled temp file, or null when this path cannot be written (the body is consumed anyway).</returns>
    public static async Task<AtomicFileWriter?> ReceiveAsync(
        ProtocolReader reader, FolderRoot root, FileUpdateMessage update, ILogger logger, CancellationToken cancellationToken)
    {
        var path = update.ParsePath();
        AtomicFileWriter? temp = null;
        if (path.Value.Split('/').Any(PathFilter.IsHiddenName) || PathFilter.IsTemporaryName(path.Name))
        {
            logger.LogWarning("Refusing {Path}: hidden and temporary names are never synced", path);
        }
        else
        {
            try
            {
                temp = root.BeginWrite(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Cannot write {Path}: {Error}", path, ex.Message);
            }
        }

        Exception? failure = null;
        try
        {
            await reader.ReadBodyAsync((slice, _) =>
            {
                if (temp is not null && failure is null)
                {
                    try
                    {
                        foreach (var segment in slice)
                        {
                            temp.Write(segment.Span);
                        }
                    }
                    catch (IOException ex)
                    {
                        // Keep reading so the stream stays framed; the old file is untouched.
                        failure = ex;
                    }
                }

                return ValueTask.CompletedTask;
            }, cancellationToken);
        }
        catch
        {
            temp?.Dispose();
            throw;
        }

        if (failure is not null)
        {
            logger.LogError("Writing {Path} failed, kept the previous version: {Error}", path, failure.Message);
            temp!.Dispose();
            return null;
        }

        return temp;
    }
}
