using System.Diagnostics;
using System.Text;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// The large files: a first sync with every tool talking directly (time, CPU, peak RSS), then, in a second session
/// through the counting proxy (its first sync untimed), one line changed in the middle of one file (same length, in place).
/// </summary>
internal static class LargeScenario
{
    public static async Task RunAsync(BenchContext context, SyncTool tool, int run)
    {
        var paths = context.NewTrees(tool, "large", run, context.Options.Large);
        var expected = BenchContext.ExpectedSizes(tool, paths.Source);
        try
        {
            await using (var session = tool.CreateSession(paths))
            {
                var cost = await FirstSync.MeasureAsync(session, expected);
                cost.Record(context.Results, tool.Name, Metric.LargeCost);
                await context.VerifyAsync(tool, paths, $"large files, first sync, run {run}");
            }
        }
        finally
        {
            BenchContext.Remove(paths);
        }

        if (!tool.FirstSyncOnly)
        {
            await EditPassAsync(context, tool, run);
        }
    }

    private static async Task EditPassAsync(BenchContext context, SyncTool tool, int run)
    {
        var paths = context.NewTrees(tool, "large-edit", run, context.Options.Large, countWire: true);
        var expected = BenchContext.ExpectedSizes(tool, paths.Source);
        try
        {
            await using (var session = tool.CreateSession(paths))
            {
                await FirstSync.TimeAsync(session, expected);
                if (session.Proxy is not null)
                {
                    await BigEditAsync(context, tool, session, expected.Keys.First(), run);
                }

                await context.VerifyAsync(tool, paths, $"large files after a one-line edit, run {run}");
            }
        }
        finally
        {
            BenchContext.Remove(paths);
        }
    }

    private static async Task BigEditAsync(BenchContext context, SyncTool tool, SyncSession session, string file, int run)
    {
        await Task.Delay(TimeSpan.FromSeconds(1)); // out of the first sync's second, so mtime-based quick checks see a change
        string source = Path.Join(session.Paths.Source, file);
        string target = Path.Join(session.Paths.Destination, file);
        long size = new FileInfo(source).Length;
        var (offset, line) = ChooseLine(source, size, run);
        await session.PauseAsync(); // a unison loop: measure one run that carries the edit, not the loop's chatter
        long bytesBefore = session.Proxy!.Bytes;
        using (var handle = File.OpenHandle(source, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(handle, line, offset);
        }

        long written = Stopwatch.GetTimestamp();
        await session.SyncOnceAsync(CancellationToken.None);
        var arrived = await Task.Run(() =>
        {
            while (!HasLine(target, offset, line))
            {
                if (Stopwatch.GetElapsedTime(written) > TimeSpan.FromSeconds(60))
                {
                    return false;
                }

                Thread.Sleep(1);
            }

            return true;
        });
        double ms = Stopwatch.GetElapsedTime(written).TotalMilliseconds;
        if (!arrived)
        {
            context.Results.Check(tool.Name, $"FAIL one-line edit in {file}: not seen within 60 s");
            return;
        }

        // Let trailing protocol traffic (acks, index updates) finish before reading the counter.
        long last = -1;
        await Poll.UntilAsync(
            () =>
            {
                long now = session.Proxy.Bytes;
                bool stable = now == last;
                last = now;
                return stable;
            },
            TimeSpan.FromSeconds(3),
            TimeSpan.FromMilliseconds(300));
        long bytes = Math.Max(0, session.Proxy.Bytes - bytesBefore);
        context.Results.Add(Metric.BigEditTime, tool.Name, ms);
        context.Results.Add(Metric.BigEditBytes, tool.Name, bytes / 1024.0);
        context.Results.Add(Metric.BigEditShare, tool.Name, bytes * 100.0 / size);
        context.Results.Check(tool.Name, $"ok   one-line edit at byte {offset} of {size}: {bytes:N0} bytes on the wire, {ms:F0} ms");
    }

    /// <summary>A line near the middle, overwritten with as many bytes of different text.</summary>
    private static (long Offset, byte[] Line) ChooseLine(string path, long size, int run)
    {
        using var handle = File.OpenHandle(path);
        byte[] window = new byte[256];
        long start = size / 2;
        int read = RandomAccess.Read(handle, window, start);
        int newline = Array.IndexOf(window, (byte)'\n', 0, read);
        int next = Array.IndexOf(window, (byte)'\n', newline + 1, read - newline - 1);
        int length = Math.Max(1, next - newline - 1);
        byte[] line = Encoding.ASCII.GetBytes($"EDITED by the benchmark, run {run}: " + new string('#', length));
        return (start + newline + 1, line[..length]);
    }

    private static bool HasLine(string path, long offset, byte[] line)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            byte[] actual = new byte[line.Length];
            return RandomAccess.Read(handle, actual, offset) == line.Length && actual.AsSpan().SequenceEqual(line);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
