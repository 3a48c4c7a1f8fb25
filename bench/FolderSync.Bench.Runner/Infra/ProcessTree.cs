using System.Globalization;

namespace FolderSync.Bench.Runner.Infra;

/// <summary>The live descendants of a process, from <c>/proc/PID/task/TID/children</c>, with what /proc says of each.</summary>
internal static class ProcessTree
{
    /// <summary>Every live descendant of <paramref name="root"/> as pid → parent pid.</summary>
    public static Dictionary<int, int> Descendants(int root)
    {
        var found = new Dictionary<int, int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out int pid))
        {
            foreach (int child in Children(pid))
            {
                if (found.TryAdd(child, pid))
                {
                    pending.Push(child);
                }
            }
        }

        return found;
    }

    /// <summary>The process's command name (<c>/proc/PID/comm</c>), or "" when it is gone.</summary>
    public static string Name(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>VmHWM, the peak resident set the kernel kept for the process, in bytes; 0 when it is gone.</summary>
    public static long PeakRss(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (string task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Join(task, "children"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (string child in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return int.Parse(child, CultureInfo.InvariantCulture);
            }
        }
    }
}
