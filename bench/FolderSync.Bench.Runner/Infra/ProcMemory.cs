using System.Globalization;

namespace FolderSync.Bench.Runner.Infra;

/// <summary>
/// Resident memory of a process in bytes: RSS split into anonymous (heaps), file-backed (mapped runtime and
/// libraries, shared with other processes) and shared memory (.NET's double-mapped JIT code), and PSS, which
/// charges shared pages pro rata.
/// </summary>
internal sealed record ProcMemory(long Rss, long RssAnon, long RssFile, long RssShmem, long Pss)
{
    public static ProcMemory Zero { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Read from /proc/PID/status and /proc/PID/smaps_rollup; <see cref="Zero"/> when the process is gone.</summary>
    public static ProcMemory Read(int pid)
    {
        try
        {
            var status = Fields($"/proc/{pid}/status");
            var rollup = Fields($"/proc/{pid}/smaps_rollup");
            return new ProcMemory(status.GetValueOrDefault("VmRSS"), status.GetValueOrDefault("RssAnon"), status.GetValueOrDefault("RssFile"), status.GetValueOrDefault("RssShmem"), rollup.GetValueOrDefault("Pss"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Zero;
        }
    }

    public override string ToString() =>
        FormattableString.Invariant($"RSS {Rss / 1048576.0:F1} MiB (anon {RssAnon / 1048576.0:F1}, file {RssFile / 1048576.0:F1}, shmem {RssShmem / 1048576.0:F1}), PSS {Pss / 1048576.0:F1} MiB");

    /// <summary>"Key:   123 kB" lines as bytes.</summary>
    private static Dictionary<string, long> Fields(string path)
    {
        var fields = new Dictionary<string, long>();
        foreach (string line in File.ReadLines(path))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string[] value = colon < 0 ? [] : line[(colon + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (value.Length == 2 && value[1] == "kB" && long.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb))
            {
                fields[line[..colon]] = kb * 1024;
            }
        }

        return fields;
    }
}
