using System.Buffers;
using System.Runtime.InteropServices;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Native;
using Microsoft.Win32.SafeHandles;

namespace FolderSync.Common.Watching;

/// <summary>
/// The daemon's one inotify descriptor and its reader thread, shared by every watched folder
/// (one instance per daemon keeps clear of fs.inotify.max_user_instances). The thread polls the
/// descriptor and an eventfd (to wake it for shutdown), drains every event, then flushes each folder.
/// </summary>
public sealed unsafe class InotifyWatcher : IDisposable
{
    /// <summary>Reported by <see cref="AddWatch"/> when the directory's watch belongs to another folder.</summary>
    internal const int OverlapErrno = -1;

    private const int BufferSize = 64 * 1024;

    /// <summary>Bounds one drain so a flood still lets expiries and flushes run.</summary>
    private const int MaxReadsPerDrain = 16;

    private readonly SafeFileHandle? _inotify;
    private readonly SafeFileHandle? _wake;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, FolderWatcher> _owners = [];
    private readonly List<FolderWatcher> _folders = [];
    private readonly Thread? _thread;
    private volatile bool _stopping;
    private volatile bool _paused;
    private readonly ManualResetEventSlim _pausedAck = new();
    private bool _closed;
    private volatile string? _lastError;

    public InotifyWatcher(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        int fd = LibC.InotifyInit1(LibC.InNonBlock | LibC.InCloExec);
        if (fd < 0)
        {
            _lastError = $"inotify_init1 failed (errno {Marshal.GetLastPInvokeError()}): "
                + "check fs.inotify.max_user_instances (sysctl); falling back to polling";
            return;
        }

        _inotify = new SafeFileHandle(fd, ownsHandle: true);
        int wakeFd = LibC.EventFd(0, LibC.EfdNonBlock | LibC.EfdCloExec);
        if (wakeFd < 0)
        {
            _lastError = $"eventfd failed (errno {Marshal.GetLastPInvokeError()}); falling back to polling";
            _inotify.Dispose();
            _inotify = null;
            return;
        }

        _wake = new SafeFileHandle(wakeFd, ownsHandle: true);
        _thread = new Thread(Run) { IsBackground = true, Name = "inotify reader" };
        _thread.Start();
    }

    /// <summary>False when inotify could not be set up; every folder then polls.</summary>
    public bool IsAvailable => _inotify is not null;

    /// <summary>Why inotify is unavailable, or the last reader error.</summary>
    public string? LastError => _lastError;

    /// <summary>
    /// Starts watching <paramref name="root"/> recursively. Roots must not overlap. With
    /// <c>Watch: false</c>, or without inotify, the result is in <see cref="WatchMode.Polling"/>.
    /// </summary>
    public FolderWatcher Watch(string root, WatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!options.Watch)
        {
            return new FolderWatcher(root, reason: null);
        }

        if (!IsAvailable)
        {
            return new FolderWatcher(root, _lastError);
        }

        ObjectDisposedException.ThrowIf(_stopping, this);
        var folder = new FolderWatcher(this, root, options, _time);
        lock (_gate)
        {
            foreach (var other in _folders)
            {
                if (IsSameOrUnder(root, other.Root) || IsSameOrUnder(other.Root, root))
                {
                    throw new ArgumentException($"'{root}' overlaps the watched folder '{other.Root}'", nameof(root));
                }
            }

            _folders.Add(folder);
            folder.Start();
        }

        Wake();
        return folder;
    }

    public void Dispose()
    {
        if (_stopping || _thread is null)
        {
            return;
        }

        _stopping = true;
        Wake();
        _thread.Join();
        lock (_gate)
        {
            foreach (var folder in _folders)
            {
                folder.Complete();
            }

            _folders.Clear();
            _owners.Clear();
            _closed = true;
            _wake!.Dispose();
            _inotify!.Dispose();
        }

        _pausedAck.Dispose();
    }

    /// <summary>Test hook: stop reading so the kernel queue fills (overflow tests).</summary>
    internal void PauseReading()
    {
        _pausedAck.Reset();
        _paused = true;
        Wake();

        // The reader checks the flag only where it rebuilds its poll set: wait until it has, so that no event
        // is read after this returns (a reader already in poll() would otherwise drain the next burst).
        _pausedAck.Wait(TimeSpan.FromSeconds(10));
    }

    internal void ResumeReading()
    {
        _paused = false;
        Wake();
    }

    internal int AddWatch(string fullPath, FolderWatcher folder, out int errno)
    {
        int wd = LibC.InotifyAddWatch(_inotify!, fullPath, LibC.WatchMask);
        if (wd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return -1;
        }

        if (_owners.TryGetValue(wd, out var owner) && owner != folder)
        {
            errno = OverlapErrno;
            return -1;
        }

        errno = 0;
        _owners[wd] = folder;
        return wd;
    }

    internal void RemoveWatch(int wd)
    {
        // Its IN_IGNORED will find no owner and be dropped.
        _owners.Remove(wd);
        LibC.InotifyRmWatch(_inotify!, wd);
    }

    internal void ForgetWatch(int wd) => _owners.Remove(wd);

    internal void Remove(FolderWatcher folder)
    {
        lock (_gate)
        {
            if (_folders.Remove(folder) && !_stopping)
            {
                folder.RemoveAllWatches();
            }
        }
    }

    internal void Wake()
    {
        // Under the gate so a late wake-up never writes to a closed (and maybe reused) descriptor.
        lock (_gate)
        {
            if (!_closed && _wake is not null)
            {
                ulong one = 1;
                LibC.Write(_wake, (byte*)&one, sizeof(ulong));
            }
        }
    }

    private void Run()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            // The descriptors are closed only after this thread has ended, so their numbers stay ours.
            int inotifyFd = (int)_inotify!.DangerousGetHandle();
            int wakeFd = (int)_wake!.DangerousGetHandle();
            var fds = stackalloc LibC.PollFd[2];
            while (!_stopping)
            {
                int timeout;
                lock (_gate)
                {
                    timeout = TimeoutMilliseconds();
                }

                fds[0] = new LibC.PollFd { Fd = _paused ? -1 : inotifyFd, Events = LibC.PollIn };
                if (_paused)
                {
                    _pausedAck.Set();
                }

                fds[1] = new LibC.PollFd { Fd = wakeFd, Events = LibC.PollIn };
                if (LibC.Poll(fds, 2, timeout) < 0 && Marshal.GetLastPInvokeError() != Errno.EINTR)
                {
                    _lastError = $"poll failed (errno {Marshal.GetLastPInvokeError()})";
                    return;
                }

                if (fds[1].Revents != 0)
                {
                    ulong count;
                    LibC.Read(_wake!, (byte*)&count, sizeof(ulong));
                }

                lock (_gate)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    if (fds[0].Revents != 0)
                    {
                        Drain(buffer);
                    }

                    foreach (var folder in _folders)
                    {
                        Guard(folder, static f => f.Pump());
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Drain(byte[] buffer)
    {
        fixed (byte* start = buffer)
        {
            for (int reads = 0; reads < MaxReadsPerDrain; reads++)
            {
                nint count = LibC.Read(_inotify!, start, buffer.Length);
                if (count <= 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (count < 0 && errno == Errno.EINTR)
                    {
                        continue;
                    }

                    if (count < 0 && errno != Errno.EAGAIN)
                    {
                        _lastError = $"reading inotify failed (errno {errno})";
                    }

                    return;
                }

                Dispatch(new ReadOnlySpan<byte>(start, (int)count));
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> events)
    {
        var reader = new InotifyEventReader(events);
        while (reader.TryRead(out int wd, out uint mask, out uint cookie, out var name))
        {
            if ((mask & LibC.InQOverflow) != 0)
            {
                foreach (var folder in _folders)
                {
                    Guard(folder, static f => f.OnOverflow());
                }
            }
            else if (_owners.TryGetValue(wd, out var folder))
            {
                try
                {
                    folder.OnEvent(wd, mask, cookie, name);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    // A thread exception would end the daemon; one odd path must only cost a rescan.
                    folder.OnFault(e);
                }
            }
        }
    }

    private static void Guard(FolderWatcher folder, Action<FolderWatcher> action)
    {
        try
        {
            action(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            folder.OnFault(e);
        }
    }

    private int TimeoutMilliseconds()
    {
        TimeSpan? next = null;
        foreach (var folder in _folders)
        {
            if (folder.NextDeadline() is { } deadline && (next is null || deadline < next))
            {
                next = deadline;
            }
        }

        return next is null ? -1 : (int)Math.Ceiling(Math.Min(next.Value.TotalMilliseconds, int.MaxValue));
    }

    private static bool IsSameOrUnder(string path, string ancestor) =>
        path == ancestor || path.StartsWith(ancestor + "/", StringComparison.Ordinal);
}
