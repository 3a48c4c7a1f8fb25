using System.Security.Cryptography;
using System.Text;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Sync.Merge;
using FolderSync.Server.History;

namespace FolderSync.Server.Engine;

/// <summary>
/// The three inputs of a concurrent edit (docs/sync-model.md, Merge): the base the client edited, from history; the
/// server's version, from disk; the upload, from its temp file. Text that merges line by line gives the merged bytes;
/// anything else (no base in history, not UTF-8, overlapping edits, too large) gives null and the caller keeps a
/// conflict copy as before.
/// </summary>
internal sealed class EditMerger(FolderRoot root, HistoryRecorder history)
{
    /// <summary>Files above this are not merged in memory (their diff would cost more than a conflict copy saves).</summary>
    private const long MaxBytes = 8L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="upload">The client's version, verified against <paramref name="uploadSha256"/>.</param>
    public byte[]? TryMerge(string baseSha256, FileRecord current, byte[] upload, string uploadSha256)
    {
        if (current.Size > MaxBytes || upload.Length > MaxBytes || Sha256(upload) != uploadSha256
            || history.TryRead(baseSha256, MaxBytes) is not { } @base || ReadCurrent(current) is not { } server)
        {
            return null;
        }

        if (Decode(@base) is not { } baseText || Decode(server) is not { } serverText || Decode(upload) is not { } uploadText)
        {
            return null;
        }

        var result = TextMerge.Merge(baseText, uploadText, serverText);
        return result.Text is { } merged ? StrictUtf8.GetBytes(merged) : null;
    }

    public static bool CanTry(FileUpdateMessage upload, FileRecord current) =>
        upload.BaseSha256 is { Length: > 0 } baseSha256 && baseSha256 != current.Sha256 && current is { Deleted: false, Kind: EntryKind.File }
        && upload.Size <= MaxBytes && current.Size <= MaxBytes;

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private byte[]? ReadCurrent(FileRecord current)
    {
        try
        {
            using var file = root.OpenRead(current.Path);
            using var buffer = new MemoryStream();
            file.CopyTo(buffer);
            byte[] bytes = buffer.ToArray();
            return Sha256(bytes) == current.Sha256 ? bytes : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Decode(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
