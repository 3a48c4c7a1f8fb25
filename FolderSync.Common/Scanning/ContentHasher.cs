using System.Buffers;
using System.Security.Cryptography;

namespace FolderSync.Common.Scanning;

/// <summary>
/// Streaming SHA-256 of a file with a pooled buffer. The file is opened without following a symlink and
/// stat-ed through the open handle before and after: a size or mtime change in between means a writer
/// was at work, and the result is <see cref="HashStatus.Unstable"/> so the caller retries.
/// </summary>
public static class ContentHasher
{
    private const int BufferSize = 128 * 1024;
    private const int Enoent = 2;
    private const int Enotdir = 20;
    private const int Eloop = 40;

    /// <param name="requireText">Judge the first 8 KiB with <see cref="TextDetector.IsText"/> and stop early when binary.</param>
    public static HashResult Hash(string fullPath, bool requireText, CancellationToken cancellationToken = default)
    {
        using var handle = NativeStat.OpenForRead(fullPath, out int errno);
        if (handle is null)
        {
            return errno switch
            {
                Enoent or Enotdir => HashResult.Failed(HashStatus.Missing),
                Eloop => HashResult.Failed(HashStatus.NotRegular), // O_NOFOLLOW met a symlink
                _ => HashResult.Failed(HashStatus.Unreadable, error: FileSystem.Errno.Describe(errno)),
            };
        }

        var before = FileStat.Fstat(handle);
        if (before.Type != FileType.Regular)
        {
            return HashResult.Failed(HashStatus.NotRegular, before);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long offset = 0;
            bool probed = !requireText;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = ReadFull(handle, buffer.AsSpan(0, BufferSize), offset);
                if (!probed)
                {
                    probed = true;
                    int probe = Math.Min(read, TextDetector.ProbeBytes);
                    // ReadFull stops short only at end of file, so a read within the probe is the whole file.
                    if (!TextDetector.IsText(buffer.AsSpan(0, probe), isWholeFile: read <= TextDetector.ProbeBytes))
                    {
                        return HashResult.Failed(HashStatus.NotText, before);
                    }
                }

                if (read == 0)
                {
                    break;
                }

                sha.AppendData(buffer, 0, read);
                offset += read;
            }

            var after = FileStat.Fstat(handle);
            if (offset != before.Size || after.Size != before.Size || after.MtimeNs != before.MtimeNs)
            {
                return HashResult.Failed(HashStatus.Unstable, after);
            }

            return new HashResult(HashStatus.Ok, Convert.ToHexStringLower(sha.GetHashAndReset()), after);
        }
        catch (IOException e)
        {
            return HashResult.Failed(HashStatus.Unreadable, before, e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadFull(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = RandomAccess.Read(handle, buffer[filled..], offset + filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
