using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Report;

/// <summary>The machine and tool versions, for the report header.</summary>
internal static class MachineInfo
{
    public static async Task<List<string>> DescribeAsync()
    {
        var lines = new List<string>();
        string lscpu = await Output("lscpu", []);
        foreach (string key in new[] { "Model name", "CPU(s)", "Thread(s) per core", "CPU max MHz" })
        {
            string? line = lscpu.Split('\n').FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            if (line is not null)
            {
                lines.Add($"CPU: {line.Trim()}");
            }
        }

        lines.Add($"Memory: {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB");
        lines.Add($"Kernel: {(await Output("uname", ["-srmo"])).Trim()}");
        string info = await Output("dotnet", ["--info"]);
        foreach (string key in new[] { "Version:", "OS Name:", "OS Version:", "RID:" })
        {
            string? line = info.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal));
            if (line is not null)
            {
                lines.Add($".NET SDK {line.Trim()}");
            }
        }

        lines.Add($"rsync: {FirstLine(await Output("rsync", ["--version"]))}");
        lines.Add($"lsyncd: {FirstLine(await Output("lsyncd", ["-version"]))}");
        lines.Add($"unison: {FirstLine(await Output("unison", ["-version"]))}");
        lines.Add($"syncthing: {FirstLine(await Output("syncthing", ["--version"]))}");
        return lines;
    }

    private static string FirstLine(string text) => text.Split('\n').FirstOrDefault(l => l.Length > 0)?.Trim() ?? "not installed";

    private static async Task<string> Output(string file, string[] args)
    {
        try
        {
            return (await ChildProcess.CaptureAsync(file, args, TimeSpan.FromSeconds(20))).Output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
