using FolderSync.Common.Compression;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Transfer;

/// <summary>
/// Streams a FILE_UPDATE body into a temp file beside its target, slice by slice: a file is never held
/// whole in memory. The temp file is verified and renamed later, by the folder's loop. A write that fails (disk
/// full, permission) leaves the old file as it was and is the caller's to log and retry.
/// </summary>
internal static class BodyReceiver
{
    /// <returns>The filled temp file, or why there is none (the body is consumed either way).</returns>
    public static async Task<ReceivedBody> ReceiveAsync(
        ProtocolReader reader, FolderRoot root, FileUpdateMessage update, ILogger logger, CancellationToken cancellationToken)
    {
        var path = update.ParsePath();
        AtomicFileWriter? temp = null;
        IOException? failure = null;
        if (PathFilter.IsHiddenPath(path) || PathFilter.IsTemporaryName(path.Name))
        {
            logger.LogWarning("Refusing {Path}: hidden and temporary names are never synced", path);
        }
        else
        {
            try
            {
                temp = root.BeginWrite(path);
            }
            catch (IOException ex)
            {
                failure = ex;
            }
        }

        using var decoder = update.Encoding is null ? null : new BrotliBodyDecoder(update.Size);
        DecodedBytes? sink = temp is null ? null : temp.Write;
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
                            if (decoder is null)
                            {
                                temp.Write(segment.Span);
                            }
                            else
                            {
                                decoder.Decode(segment.Span, sink!);
                            }
                        }
                    }
                    catch (IOException ex)
                    {
                        // Keep reading so the stream stays framed; the old file is untouched.
                        failure = ex;
                    }
                    catch (InvalidDataException ex)
                    {
                        failure = CorruptBody(path, ex);
                    }
                }

                return ValueTask.CompletedTask;
            }, cancellationToken);
            if (temp is not null && failure is null && decoder is not null)
            {
                try
                {
                    decoder.Finish();
                }
                catch (InvalidDataException ex)
                {
                    failure = CorruptBody(path, ex);
                }
            }
        }
        catch
        {
            temp?.Dispose();
            throw;
        }

        if (failure is not null)
        {
            temp?.Dispose();
            return new ReceivedBody(null, failure);
        }

        return new ReceivedBody(temp, null);
    }

    /// <summary>An encoded body that does not decode to its announced bytes fails like any other write: per file.</summary>
    private static IOException CorruptBody(RelativePath path, InvalidDataException ex) => new($"{path}: {ex.Message}", ex);
}
