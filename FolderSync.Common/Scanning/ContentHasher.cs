using System.Buffers;
using System.Security.Cryptography;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Native;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.Scanning;

/// <summary>
/// Streaming SHA-256 of a file with a pooled buffer. The file is opened without following a symlink and
/// stat-ed through the open handle before and after: a size or mtime change in between means a writer
/// was at work, and the result is <see cref="HashStatus.Unstable"/> so the caller retries.
/// </summary>
public static class ContentHasher
{
    private const int BufferSize = 128 * 1024;

    // No symlink in the last component, and no blocking should a FIFO have been swapped in.
    private static readonly int OpenFlags = LibC.ORdOnly | LibC.ONoFollow | LibC.OCloExec | LibC.ONoCtty | LibC.ONonBlock;

    /// <param name="requireText">Judge the first 8 KiB with <see cref="TextDetector.IsText"/> and stop early when binary.</param>
    public static HashResult Hash(string fullPath, bool requireText, CancellationToken cancellationToken = default)
    {
        int fd = LibC.Open(fullPath, OpenFlags, 0);
        if (fd < 0)
        {
            int errno = FileSystemErrors.LastErrno;
            return errno switch
            {
                Errno.ENOENT or Errno.ENOTDIR => HashResult.Failed(HashStatus.Missing),
                Errno.ELOOP => HashResult.Failed(HashStatus.NotRegular), // O_NOFOLLOW met a symlink
                _ => HashResult.Failed(HashStatus.Unreadable, error: Errno.Describe(errno)),
            };
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var before = FolderRoot.StatHandle(handle, fullPath);
        if (before.Kind != NodeKind.File)
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

            var after = FolderRoot.StatHandle(handle, fullPath);
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

    private static int ReadFull(SafeFileHandle handle, Span<byte> buffer, long offset)
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
