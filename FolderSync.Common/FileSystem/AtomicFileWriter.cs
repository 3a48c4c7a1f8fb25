using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using FolderSync.Common.FaultInjection;
using FolderSync.Common.Native;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.FileSystem;

/// <summary>
/// Writes one received file atomically: a temp file in the target's directory receives the bytes
/// while they are hashed; <see cref="Commit"/> verifies the hash, fsyncs, sets the mtime, re-checks
/// the target against what the caller scanned and renames over it. Readers see the old file or the
/// new one, never a part. Disposing without a commit removes the temp file (a cut connection rolls back).
/// Not thread-safe: one writer per transfer.
/// </summary>
public sealed class AtomicFileWriter : IDisposable
{
    /// <summary>Temp names start with this; the scanner and watcher ignore them (hidden, too).</summary>
    public const string TempPrefix = ".foldersync-tmp-";

    private const uint FileMode = 0x1A4; // 0644 unless the sender's mode is set (SetMode)

    /// <summary>
    /// Bodies arrive in slices of ~16 KiB; each write(2) into the watched folder also queues an inotify event
    /// for our own watcher. Gathering slices into writes of this size cut a 512 MiB first sync from 32,768
    /// writes (and events) to 2,048 (docs/benchmarks.md).
    /// </summary>
    private const int WriteBufferBytes = 256 * 1024;

    private readonly FolderRoot _root;
    private readonly SafeFileHandle _directory;
    private readonly SafeFileHandle _file;
    private readonly string _tempName;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _buffer;
    private int _buffered;
    private bool _modeSet;
    private bool _finished;

    private AtomicFileWriter(FolderRoot root, RelativePath target, SafeFileHandle directory, SafeFileHandle file, string tempName)
    {
        _root = root;
        Target = target;
        _directory = directory;
        _file = file;
        _tempName = tempName;
    }

    public RelativePath Target { get; }

    public long BytesWritten { get; private set; }

    public static bool IsTempName(string name) => name.StartsWith(TempPrefix, StringComparison.Ordinal);

    /// <summary>Creates the temp file beside <paramref name="target"/> (and, if asked, the missing parents).</summary>
    public static AtomicFileWriter Begin(FolderRoot root, RelativePath target, bool createParents = true)
    {
        ArgumentNullException.ThrowIfNull(root);
        var directory = root.OpenDirectory(target.Parent, createParents);
        try
        {
            // O_EXCL makes a clash (or a planted name) an error, never a shared file: the name needs no cryptographic randomness.
            string tempName = TempPrefix + Random.Shared.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            int flags = LibC.OWrOnly | LibC.OCreat | LibC.OExcl | LibC.ONoFollow | LibC.OCloExec;
            int fd = LibC.OpenAt(directory, tempName, flags, FileMode);
            if (fd < 0)
            {
                FileSystemErrors.ThrowLast("create temp file", target.Value);
            }

            return new AtomicFileWriter(root, target, directory, new SafeFileHandle(fd, ownsHandle: true), tempName);
        }
        catch (FileOperationException) when (directory.IsClosed)
        {
            throw;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>The bytes written so far, read back from the temp file (the server merges an upload before committing it).</summary>
    public byte[] ReadWritten()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        FlushBuffer();
        int fd = LibC.OpenAt(_directory, _tempName, LibC.ORdOnly | LibC.ONoFollow | LibC.OCloExec, 0);
        if (fd < 0)
        {
            FileSystemErrors.ThrowLast("read temp file", Target.Value);
        }

        using var file = new SafeFileHandle(fd, ownsHandle: true);
        byte[] bytes = new byte[BytesWritten];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = RandomAccess.Read(file, bytes.AsSpan(read), read);
            if (n == 0)
            {
                throw new IOException($"{Target}: temp file shorter than written");
            }

            read += n;
        }

        return bytes;
    }

    /// <summary>
    /// Gives the temp file the sender's permission bits (&amp; 0777, whatever the umask) before it is renamed into
    /// place, so the file never appears with another mode.
    /// </summary>
    public void SetMode(int mode)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (LibC.Fchmod(_file, (uint)(mode & FileModes.Mask)) < 0)
        {
            FailAndThrow(FileSystemErrors.Last("fchmod", Target.Value));
        }

        _modeSet = true;
    }

    /// <summary>
    /// Appends <paramref name="data"/> (gathered into larger writes; <see cref="Commit"/> writes the rest).
    /// ENOSPC/EDQUOT removes the temp file and throws <see cref="DiskFullException"/>.
    /// </summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _hash.AppendData(data);
        BytesWritten += data.Length;
        while (!data.IsEmpty)
        {
            if (_buffered == 0 && data.Length >= WriteBufferBytes)
            {
                WriteThrough(data);
                return;
            }

            _buffer ??= ArrayPool<byte>.Shared.Rent(WriteBufferBytes);
            int take = Math.Min(data.Length, WriteBufferBytes - _buffered);
            data[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered == WriteBufferBytes)
            {
                FlushBuffer();
            }
        }
    }

    private void FlushBuffer()
    {
        if (_buffered > 0)
        {
            int count = _buffered;
            _buffered = 0;
            WriteThrough(_buffer.AsSpan(0, count));
        }
    }

    private unsafe void WriteThrough(ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            nint done = 0;
            while (done < data.Length)
            {
                nint written = LibC.Write(_file, start + done, data.Length - done);
                if (written < 0)
                {
                    FailAndThrow(FileSystemErrors.Last("write", Target.Value));
                }

                done += written;
            }
        }
    }

    /// <summary>As <see cref="Write"/>: a write to the page cache does not block long enough to be worth a thread hop.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(data.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Verifies the content, makes it durable, then replaces the target if (and only if) it still matches
    /// <paramref name="expectation"/>. On any failure the temp file is removed and the target is untouched.
    /// </summary>
    /// <param name="expectedSha256">Hex SHA-256 the sender announced (either case).</param>
    /// <param name="mtimeNs">Modification time to set, nanoseconds since the Unix epoch.</param>
    /// <param name="durable">
    /// fsync the file before and its directory after the rename. False when the caller makes a whole batch
    /// durable at once (<see cref="FolderRoot.SyncFileSystem"/>): a killed process loses nothing either way,
    /// since the kernel holds the written pages; only a power cut before that batch sync can.
    /// </param>
    /// <param name="trash">Keeps the replaced file's content (a hard link, or a copy across file systems).</param>
    /// <returns>The new file's status (its size, mtime and inode go to the state table).</returns>
    /// <exception cref="HashMismatchException">The bytes are not what was announced.</exception>
    /// <exception cref="TargetChangedException">The target was edited since it was scanned.</exception>
    /// <exception cref="UnsafePathException">The target or its directory became a symlink.</exception>
    public FileStatus Commit(string expectedSha256, long mtimeNs, ExpectedTarget expectation, bool durable = true, Trash? trash = null) =>
        CommitCore(Target, expectedSha256, mtimeNs, expectation, durable, trash);

    /// <summary>
    /// Commits under another name in the same directory: the server keeps the losing side of a conflict
    /// as a conflict copy beside the file without writing its bytes twice.
    /// </summary>
    public FileStatus CommitAs(RelativePath sibling, string expectedSha256, long mtimeNs, ExpectedTarget expectation, bool durable = true, Trash? trash = null)
    {
        if (sibling.Parent != Target.Parent)
        {
            throw new ArgumentException($"{sibling} is not in the directory of {Target}", nameof(sibling));
        }

        return CommitCore(sibling, expectedSha256, mtimeNs, expectation, durable, trash);
    }

    private FileStatus CommitCore(RelativePath target, string expectedSha256, long mtimeNs, ExpectedTarget expectation, bool durable, Trash? trash)
    {
        ArgumentNullException.ThrowIfNull(expectation);
        ObjectDisposedException.ThrowIf(_finished, this);
        FlushBuffer();
        string actualSha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (!string.Equals(actualSha256, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            FailAndThrow(new HashMismatchException(target.Value, expectedSha256, actualSha256));
        }

        try
        {
            if (!_modeSet)
            {
                Check(LibC.Fchmod(_file, FileMode), "fchmod"); // 0644 whatever the umask, set once: not before SetMode too.
            }

            SetMtime(mtimeNs);
            if (durable)
            {
                Check(LibC.Fsync(_file), "fsync");
            }

            KillSwitch.Reach(KillPoints.AfterTempWrite);
            EnsureDirectoryStillAtPath();
            var actual = FolderRoot.StatAt(_directory, target.Name, target.Value);
            FolderRoot.RefuseNonFile(target, actual);
            if (!expectation.Matches(actual))
            {
                throw new TargetChangedException(target.Value, expectation, actual);
            }

            if (actual is not null)
            {
                trash?.KeepAt(_directory, target, move: false);
            }

            if (expectation == ExpectedTarget.Absent)
            {
                FolderRoot.RenameNoReplace(_directory, _tempName, _directory, target.Name, target.Value);
            }
            else
            {
                Check(LibC.RenameAt(_directory, _tempName, _directory, target.Name), "rename");
            }
        }
        catch (IOException e)
        {
            FailAndThrow(e);
        }

        _finished = true;
        var result = FolderRoot.StatHandle(_file, target.Value);
        if (durable && LibC.Fsync(_directory) < 0)
        {
            var error = FileSystemErrors.Last("fsync directory", target.Value);
            Release();
            throw error;
        }

        Release();
        return result;
    }

    /// <summary>Removes the temp file; the target is untouched. Idempotent.</summary>
    public void Abort()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _file.Dispose();
        _ = LibC.UnlinkAt(_directory, _tempName, 0);
        Release();
    }

    public void Dispose() => Abort();

    private unsafe void SetMtime(long mtimeNs)
    {
        var times = stackalloc LibC.Timespec[2];
        times[0] = new LibC.Timespec { Seconds = 0, Nanoseconds = LibC.UtimeOmit };
        times[1] = new LibC.Timespec
        {
            Seconds = Math.DivRem(mtimeNs, 1_000_000_000L, out long nanoseconds) - (nanoseconds < 0 ? 1 : 0),
            Nanoseconds = nanoseconds < 0 ? nanoseconds + 1_000_000_000L : nanoseconds,
        };
        Check(LibC.Futimens(_file, times), "futimens");
    }

    /// <summary>The directory fd was opened at Begin; if the path now leads elsewhere, do not rename into a stale place.</summary>
    private void EnsureDirectoryStillAtPath()
    {
        using var current = _root.OpenDirectory(Target.Parent, create: false);
        if (FolderRoot.StatHandle(current, Target.Value).Inode != FolderRoot.StatHandle(_directory, Target.Value).Inode)
        {
            throw new TargetChangedException($"{Target}: its directory was moved or replaced during the transfer");
        }
    }

    private void Check(int result, string operation)
    {
        if (result < 0)
        {
            throw FileSystemErrors.Last(operation, Target.Value);
        }
    }

    [DoesNotReturn]
    private void FailAndThrow(Exception error)
    {
        Abort();
        ExceptionDispatchInfo.Throw(error);
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _file.Dispose();
        _directory.Dispose();
        _hash.Dispose();
    }
}
