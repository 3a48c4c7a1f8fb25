using System.Globalization;

namespace FolderSync.Bench.Runner.Infra;

/// <summary>CPU time of a process, read from /proc (Linux clock ticks are 100 Hz); memory is <see cref="ProcMemory"/>.</summary>
internal static class ProcStat
{
    private const double TicksPerSecond = 100.0;

    /// <summary>User + system CPU seconds of <paramref name="pid"/>; with <paramref name="reapedChildren"/>, also of its waited-for children.</summary>
    public static double CpuSeconds(int pid, bool reapedChildren = false)
    {
        string[]? fields = Fields(pid);
        if (fields is null)
        {
            return 0;
        }

        // Fields after "(comm)": state is [0], utime [11], stime [12], cutime [13], cstime [14].
        double ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (reapedChildren)
        {
            ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        }

        return ticks / TicksPerSecond;
    }

    private static string[]? Fields(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return stat[(close + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
