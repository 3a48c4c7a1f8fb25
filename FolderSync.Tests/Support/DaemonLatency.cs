using System.Diagnostics;
using System.Globalization;

namespace FolderSync.Tests.Support;

/// <summary>Times how long a write on one side takes to show on the other, by polling the file.</summary>
internal static class DaemonLatency
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="source"/> and returns when <paramref name="target"/> holds it.</summary>
    public static async Task<TimeSpan> MeasureAsync(string source, string target, string content, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var watch = Stopwatch.StartNew();
        File.WriteAllText(source, content);
        while (Eventually.ReadOrNull(target) != content)
        {
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"{target} did not receive the write to {source} within {limit.TotalSeconds:0.#} s");
            }

            await Task.Delay(1);
        }

        return watch.Elapsed;
    }

    public static string Describe(IReadOnlyCollection<TimeSpan> samples)
    {
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"n={sorted.Count} p50 {sorted[sorted.Count / 2]:0} ms, min {sorted[0]:0} ms, max {sorted[^1]:0} ms");
    }
}
