using System.Collections.Concurrent;
using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Report;

/// <summary>Samples per (metric, tool) across runs, and the checks and notes each tool collected.</summary>
internal sealed class Results
{
    private readonly ConcurrentDictionary<(string Metric, string Tool), List<double>> _samples = new();
    private readonly ConcurrentDictionary<string, List<string>> _checks = new();

    public List<string> Notes { get; } = [];

    public void Add(Metric metric, string tool, double value)
    {
        if (!double.IsNaN(value))
        {
            _samples.GetOrAdd((metric.Key, tool), _ => []).Add(value);
        }
    }

    /// <summary>The median over runs, or null when never measured.</summary>
    public double? Value(Metric metric, string tool) =>
        _samples.TryGetValue((metric.Key, tool), out var values) && values.Count > 0 ? Stats.Median(values) : null;

    public int Count(Metric metric, string tool) => _samples.TryGetValue((metric.Key, tool), out var values) ? values.Count : 0;

    public void Check(string tool, string line)
    {
        var list = _checks.GetOrAdd(tool, _ => []);
        lock (list)
        {
            list.Add(line);
        }

        Console.WriteLine($"  [{tool}] {line}");
    }

    public IReadOnlyList<string> ChecksOf(string tool) => _checks.TryGetValue(tool, out var list) ? list : [];
}
