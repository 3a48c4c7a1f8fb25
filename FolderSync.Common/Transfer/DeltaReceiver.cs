using System.Security.Cryptography;
using FolderSync.Common.Delta;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Transfer;

/// <summary>
/// Rebuilds a FILE_DELTA into a temp file beside its target: copies from the local file (which must hold the
/// delta's base) interleaved with the body's literals, hashed on the way. Returns the temp file only when the
/// result has the announced SHA-256; otherwise null, and the whole file is needed instead (a client asks for it,
/// the server answers <see cref="NotApplied"/>). The body is always consumed, so the connection stays framed.
/// Used both ways: the client for pushes, the server for uploads.
/// </summary>
internal static class DeltaReceiver
{
    /// <summary>The server's ACK message for a delta upload it did not apply: the client then sends the whole file.</summary>
    public const string NotApplied = "the delta does not apply to the server's version; send the whole file";

    public static async Task<AtomicFileWriter?> ReceiveAsync(
        ProtocolReader reader, FolderRoot root, StateStore store, FileDeltaMessage delta, ILogger logger, CancellationToken cancellationToken)
    {
        var path = delta.ParsePath();
        var record = store.Get(path);
        if (PathFilter.IsHiddenPath(path) || PathFilter.IsTemporaryName(path.Name)
            || record is not { Deleted: false, Kind: EntryKind.File } || record.Sha256 != delta.BaseSha256)
        {
            logger.LogInformation("Delta for {Path} does not apply here (local content is not its base); the whole file is needed", path);
            await reader.SkipBodyAsync(cancellationToken);
            return null;
        }

        FileStream? local = null;
        AtomicFileWriter? temp = null;
        try
        {
            local = root.OpenRead(path);
            temp = root.BeginWrite(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            local?.Dispose();
            logger.LogWarning("Cannot apply the delta for {Path}: {Error}", path, ex.Message);
            await reader.SkipBodyAsync(cancellationToken);
            return null;
        }

        Exception? failure = null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (local)
        using (var applier = new DeltaApplier(local, delta.Ops, data =>
        {
            hash.AppendData(data);
            temp.Write(data);
        }))
        {
            try
            {
                await reader.ReadBodyAsync((slice, _) =>
                {
                    failure ??= Try(() =>
                    {
                        foreach (var segment in slice)
                        {
                            applier.WriteLiteral(segment.Span);
                        }
                    });
                    return ValueTask.CompletedTask;
                }, cancellationToken);
                failure ??= Try(applier.Finish);
            }
            catch
            {
                temp.Dispose();
                throw;
            }
        }

        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (failure is null && actual != delta.Sha256)
        {
            failure = new HashMismatchException(path.Value, delta.Sha256, actual);
        }

        if (failure is not null)
        {
            logger.LogWarning("Delta for {Path} refused ({Error}); the whole file is needed", path, failure.Message);
            temp.Dispose();
            return null;
        }

        return temp;
    }

    private static Exception? Try(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return ex;
        }
    }
}
