using System.Globalization;

namespace FolderSync.Common.Hosting.Systemd;

/// <summary>
/// Whether an output stream is systemd's journal: <c>JOURNAL_STREAM</c> names the device and inode of the stream
/// systemd connected, and only when our descriptor is still that one do lines get journal priorities (a shell that
/// inherited the variable but redirected our output to a file keeps plain lines).
/// </summary>
public static class Journal
{
    public const string Variable = "JOURNAL_STREAM";
    public const int StandardOutput = 1;
    public const int StandardError = 2;

    /// <summary>The <c>&lt;N&gt;</c> prefix for a line of <paramref name="priority"/> on descriptor <paramref name="fd"/>, or empty.</summary>
    public static string Prefix(int fd, SyslogPriority priority) => IsJournal(fd) ? $"<{(int)priority}>" : string.Empty;

    public static bool IsJournal(int fd) => Matches(Environment.GetEnvironmentVariable(Variable), DescriptorTarget(fd));

    /// <summary><paramref name="target"/> is what <c>/proc/self/fd/N</c> links to (<c>socket:[123]</c>), or null when unknown.</summary>
    public static bool Matches(string? journalStream, string? target)
    {
        if (string.IsNullOrEmpty(journalStream))
        {
            return false;
        }

        if (target is null)
        {
            return true; // No /proc to compare with: trust the variable, as sd_journal_stream_fd's users do.
        }

        int colon = journalStream.IndexOf(':', StringComparison.Ordinal);
        int open = target.IndexOf(":[", StringComparison.Ordinal);
        return colon > 0 && open > 0 && target.EndsWith(']')
            && ulong.TryParse(journalStream.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode)
            && ulong.TryParse(target.AsSpan(open + 2, target.Length - open - 3), NumberStyles.None, CultureInfo.InvariantCulture, out ulong actual)
            && inode == actual;
    }

    private static string? DescriptorTarget(int fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
