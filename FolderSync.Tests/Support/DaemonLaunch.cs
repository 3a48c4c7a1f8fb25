using FolderSync.Common.FaultInjection;

namespace FolderSync.Tests.Support;

/// <summary>
/// How a daemon process is started beyond its arguments: a command it runs under (the daemon is exec'd, so
/// the process id stays the daemon's) and extra environment variables. <see cref="Plain"/> is neither.
/// </summary>
internal sealed record DaemonLaunch(IReadOnlyList<string> Prefix, IReadOnlyDictionary<string, string> Environment)
{
    private const string LibFaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    public static DaemonLaunch Plain { get; } = new([], new Dictionary<string, string>());

    public static bool FaketimeAvailable => File.Exists(LibFaketime);

    /// <summary>
    /// The process's wall clock moved by <paramref name="offset"/> (libfaketime, e.g. "-5m"), as on a host whose clock
    /// is wrong. NO_FAKE_STAT: libfaketime would also shift what stat() reports (statx it leaves alone), which no
    /// real host does; the test sets the mtimes a skewed host's kernel would have written instead. The monotonic
    /// clock stays faked (the default): with FAKETIME_DONT_FAKE_MONOTONIC=1, .NET's timed waits return at once.
    /// </summary>
    public static DaemonLaunch Faketime(string offset) => new([], new Dictionary<string, string>
    {
        ["LD_PRELOAD"] = LibFaketime,
        ["FAKETIME"] = offset,
        ["NO_FAKE_STAT"] = "1",
    });

    /// <summary>
    /// In a new user namespace (unshare -U -r) whose inotify watch limit is <paramref name="maxWatches"/>: that limit
    /// (/proc/sys/user/max_inotify_watches) is per user namespace, so this touches nothing outside the daemon.
    /// </summary>
    public static DaemonLaunch WatchLimit(int maxWatches) => new(
        ["unshare", "-U", "-r", "sh", "-c", $"echo {maxWatches} > /proc/sys/user/max_inotify_watches && exec \"$@\"", "sh"],
        new Dictionary<string, string>());

    /// <summary>As another user (setpriv execs the daemon): permission bits apply to it, as they do not to root.</summary>
    public static DaemonLaunch AsUser(string setpriv, int uid) =>
        new([setpriv, $"--reuid={uid}", $"--regid={uid}", "--clear-groups"], new Dictionary<string, string>());

    /// <summary>With a <c>FOLDERSYNC_KILL_AT</c> plan: the daemon SIGKILLs itself at that point.</summary>
    public static DaemonLaunch KillAt(string plan) =>
        new([], new Dictionary<string, string> { [KillSwitch.EnvironmentVariable] = plan });
}
