using System.Diagnostics;
using System.Security.Cryptography;
using FolderSync.Bench.Runner.Corpus;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// What no sync tool can beat on this machine, in the column <see cref="Column"/>: writing the large corpus durably
/// (<c>dd conv=fsync</c> of each file, the same bytes), and SHA-256 of both corpora in this process on one core,
/// from the page cache, as every tool reads them right after the copy. TLS off is the <c>FolderSync-noTLS</c> column.
/// </summary>
internal static class FloorsScenario
{
    public const string Column = "floor";

    public static async Task RunAsync(BenchContext context)
    {
        var results = context.Results;
        string large = CorpusGenerator.Ensure(context.Options.Large, context.CorpusCache);
        string target = Path.Join(context.Options.Work, "runs", "floor-dd");
        Directory.CreateDirectory(target);
        try
        {
            var files = Files(large);
            var clock = Stopwatch.StartNew();
            foreach (string file in files)
            {
                var (code, _) = await ChildProcess.RunAsync(
                    "dd", [$"if={file}", $"of={Path.Join(target, Path.GetFileName(file))}", "bs=1M", "conv=fsync", "status=none"], Path.Join(target, "dd.log"), TimeSpan.FromMinutes(5));
                if (code != 0)
                {
                    throw new InvalidOperationException($"dd exited with {code}");
                }
            }

            results.Add(Metric.FloorDd, Column, clock.Elapsed.TotalSeconds);
            long bytes = files.Sum(f => new FileInfo(f).Length);
            results.Check(Column, $"ok   dd conv=fsync of {files.Count} files, {bytes / 1048576.0:F0} MiB: {clock.Elapsed.TotalSeconds:F2} s");

            double hashSeconds = HashSeconds(files);
            results.Add(Metric.FloorHashLarge, Column, hashSeconds);
            results.Add(Metric.FloorHashRate, Column, bytes / 1048576.0 / hashSeconds);

            var small = Files(CorpusGenerator.Ensure(context.Options.Small, context.CorpusCache));
            results.Add(Metric.FloorHashSmall, Column, HashSeconds(small));
            results.Check(Column, $"ok   SHA-256 in-process: {bytes / 1048576.0 / hashSeconds:F0} MiB/s; {small.Count:N0} small files opened and hashed");
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    /// <summary>The second of two passes (the first warms the page cache).</summary>
    private static double HashSeconds(List<string> files)
    {
        double seconds = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            var clock = Stopwatch.StartNew();
            foreach (string file in files)
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                _ = SHA256.HashData(stream);
            }

            seconds = clock.Elapsed.TotalSeconds;
        }

        return seconds;
    }
}
