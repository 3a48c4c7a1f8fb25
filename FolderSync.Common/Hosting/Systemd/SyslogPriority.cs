namespace FolderSync.Common.Hosting.Systemd;

/// <summary>The syslog priorities journald reads from a <c>&lt;N&gt;</c> line prefix (sd-daemon(3)).</summary>
public enum SyslogPriority
{
    Critical = 2,
    Error = 3,
    Warning = 4,
    Info = 6,
    Debug = 7,
}
