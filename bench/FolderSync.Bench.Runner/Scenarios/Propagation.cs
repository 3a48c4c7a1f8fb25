using System.Diagnostics;
using System.Text;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// Latency probes. Each change is written on one side and timed from the end of the write (the file closed) until
/// the other side shows it, observed by re-reading in a tight loop with 1 ms sleeps. One change at a time, paced.
/// </summary>
internal static class Propagation
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(30);

    /// <summary>Appends a line to a random existing file; returns latencies in ms (a missed one counts in <paramref name="missed"/>).</summary>
    public static List<double> Edits(string from, IReadOnlyList<string> to, IReadOnlyList<string> files, int count, string tag, int seed, out int missed)
    {
        var random = new Random(seed);
        var latencies = new List<double>();
        missed = 0;
        for (int n = 0; n < count; n++)
        {
            string file = files[random.Next(files.Count)];
            byte[] content = [.. File.ReadAllBytes(Path.Join(from, file)), .. Encoding.ASCII.GetBytes($"{tag} edit {n} of {count}\n")];
            long written = Write(Path.Join(from, file), content);
            missed += WaitAll(to, file, written, path => SameContent(path, content), latencies);
            Thread.Sleep(Pace);
        }

        return latencies;
    }

    /// <summary>Create, then rename, then delete, <paramref name="count"/> times each; latencies in ms per kind.</summary>
    public static (List<double> Create, List<double> Rename, List<double> Delete) TreeOps(string from, string to, int count, out int missed)
    {
        var create = new List<double>();
        var rename = new List<double>();
        var delete = new List<double>();
        missed = 0;
        for (int n = 0; n < count; n++)
        {
            string created = Path.Join("d00", "s0", $"new{n:D3}.txt");
            string renamed = Path.Join("d01", "s0", $"moved{n:D3}.txt");
            byte[] content = Encoding.ASCII.GetBytes($"created file {n}\n" + new string('x', 200) + "\n");

            long t = Write(Path.Join(from, created), content);
            missed += WaitAll([to], created, t, path => SameContent(path, content), create);
            Thread.Sleep(Pace);

            File.Move(Path.Join(from, created), Path.Join(from, renamed));
            t = Stopwatch.GetTimestamp();
            missed += WaitAll([to], renamed, t, path => SameContent(path, content) && !File.Exists(Path.Join(to, created)), rename);
            Thread.Sleep(Pace);

            File.Delete(Path.Join(from, renamed));
            t = Stopwatch.GetTimestamp();
            missed += WaitAll([to], renamed, t, path => !File.Exists(path), delete);
            Thread.Sleep(Pace);
        }

        return (create, rename, delete);
    }

    /// <summary>
    /// Renames directory <paramref name="directory"/> of <paramref name="from"/> with all it holds, timed until
    /// <paramref name="to"/> shows the whole tree under the new name and nothing under the old one; null if it never does.
    /// </summary>
    public static double? DirectoryRename(string from, string to, string directory, string renamed)
    {
        var files = Directory.GetFiles(Path.Join(from, directory), "*", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(Path.Join(from, directory), f), Size: new FileInfo(f).Length)).ToList();
        Directory.Move(Path.Join(from, directory), Path.Join(from, renamed));
        long t = Stopwatch.GetTimestamp();
        while (Directory.Exists(Path.Join(to, directory)) || !files.All(f => new FileInfo(Path.Join(to, renamed, f.Relative)) is { Exists: true } info && info.Length == f.Size))
        {
            if (Stopwatch.GetElapsedTime(t) > Timeout)
            {
                return null;
            }

            Thread.Sleep(1);
        }

        return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    }

    /// <summary>Writes in place (truncate and write, like an editor without a temp file) and returns the timestamp after close.</summary>
    public static long Write(string path, byte[] content)
    {
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, 1))
        {
            file.Write(content);
        }

        return Stopwatch.GetTimestamp();
    }

    public static bool SameContent(string path, byte[] content)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            if (file.Length != content.Length)
            {
                return false;
            }

            byte[] actual = new byte[content.Length];
            file.ReadExactly(actual);
            return actual.AsSpan().SequenceEqual(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Polls every destination until <paramref name="arrived"/> holds there; returns how many timed out.</summary>
    private static int WaitAll(IReadOnlyList<string> destinations, string file, long since, Func<string, bool> arrived, List<double> latencies)
    {
        var pending = destinations.Select(d => Path.Join(d, file)).ToList();
        while (pending.Count > 0)
        {
            for (int i = pending.Count - 1; i >= 0; i--)
            {
                if (arrived(pending[i]))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(since).TotalMilliseconds);
                    pending.RemoveAt(i);
                }
            }

            if (pending.Count > 0 && Stopwatch.GetElapsedTime(since) > Timeout)
            {
                return pending.Count;
            }

            Thread.Sleep(1);
        }

        return 0;
    }
}
