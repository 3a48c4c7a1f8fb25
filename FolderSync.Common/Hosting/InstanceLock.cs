using System.Globalization;

namespace FolderSync.Common.Hosting;

/// <summary>
/// One daemon per state directory, for the life of the process: an exclusive flock on <c>daemon.lock</c>, which
/// .NET takes when a file is opened with <see cref="FileShare.None"/> and the kernel drops when the process dies
/// (kill -9 included), so there is never a stale lock to clean up. The holder's pid sits beside it in
/// <c>daemon.pid</c>, since .NET will not open a file another process holds that lock on.
/// </summary>
public sealed class InstanceLock : IDisposable
{
    public const string FileName = "daemon.lock";
    public const string PidFileName = "daemon.pid";

    // EWOULDBLOCK: another open file description holds the lock.
    private const int WouldBlock = 11;

    private readonly FileStream _lock;
    private readonly string _pidFile;

    private InstanceLock(FileStream stream, string pidFile)
    {
        _lock = stream;
        _pidFile = pidFile;
    }

    /// <summary>Takes the lock, or throws <see cref="InstanceLockedException"/> naming the daemon that holds it.</summary>
    public static InstanceLock Acquire(string stateDir, string daemonName)
    {
        string path = Path.Combine(stateDir, FileName);
        string pidFile = Path.Combine(stateDir, PidFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex.HResult == WouldBlock)
        {
            string holder = File.Exists(pidFile) && File.ReadAllText(pidFile).Trim() is { Length: > 0 } pid ? $"pid {pid}" : "pid unknown";
            throw new InstanceLockedException($"another {daemonName} ({holder}) is already running on state directory {stateDir}; stop it first, or give this one its own StateDir");
        }

        File.WriteAllText(pidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        return new InstanceLock(stream, pidFile);
    }

    public void Dispose()
    {
        File.Delete(_pidFile);
        _lock.Dispose();
    }
}
