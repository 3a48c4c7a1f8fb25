using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace FolderSync.Common.Hosting.Systemd;

/// <summary>
/// sd_notify(3) without libsystemd: one datagram per state change to the Unix socket systemd names in
/// <c>NOTIFY_SOCKET</c> (a path, or <c>@name</c> in the abstract namespace). Our own, not
/// Microsoft.Extensions.Hosting.Systemd: its 11.0 release needs Microsoft.Extensions.Hosting 11 (a downgrade
/// error against our 10.0 pins), and the watchdog, status text and journal priorities would be ours anyway.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    public const string SocketVariable = "NOTIFY_SOCKET";

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endPoint;

    internal SystemdNotifier(string path) =>
        _endPoint = new UnixDomainSocketEndPoint(path.StartsWith('@') ? "\0" + path[1..] : path);

    /// <summary>The notifier systemd asked for, or null when the daemon does not run as a <c>Type=notify</c> unit.</summary>
    public static SystemdNotifier? FromEnvironment() =>
        Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 1 } path && (path[0] == '/' || path[0] == '@')
            ? new SystemdNotifier(path)
            : null;

    /// <summary>
    /// Half the watchdog period systemd set (<c>WATCHDOG_USEC</c>, for this process if <c>WATCHDOG_PID</c> names one),
    /// the interval sd_watchdog_enabled(3) recommends; null when no watchdog is armed.
    /// </summary>
    public static TimeSpan? WatchdogInterval()
    {
        if (!ulong.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong usec) || usec == 0)
        {
            return null;
        }

        if (Environment.GetEnvironmentVariable("WATCHDOG_PID") is { Length: > 0 } pid && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec / 2.0);
    }

    /// <summary>Sends newline-separated assignments (<c>READY=1</c>, <c>STATUS=…</c>); false when systemd is not there to read them.</summary>
    public bool Notify(string state)
    {
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), _endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();
}
