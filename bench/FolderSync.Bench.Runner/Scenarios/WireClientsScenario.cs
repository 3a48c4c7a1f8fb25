using System.Diagnostics;
using System.Globalization;
using System.Text;
using FolderSync.Bench.Runner.Corpus;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>
/// clients1000: one server, one folder, one real client (whose tree is checked) and N <see cref="WireClient"/>s
/// (real TCP + TLS and handshake, subscribed, answering PINGs). Server RSS per connection = growth of its resting
/// RSS when the N connect, ÷ N; its CPU at rest with all of them; an edit's fan-out to every one of them.
/// </summary>
internal static class WireClientsScenario
{
    private const int ConnectBatch = 50;

    public static async Task RunAsync(BenchContext context, FolderSyncTool tool, string name, CorpusSpec spec, int count, ScaleMetrics metrics)
    {
        var results = context.Results;
        var paths = context.NewTrees(tool, name, 1, spec);
        var expected = BenchContext.ExpectedSizes(tool, paths.Source);
        var clients = new List<WireClient>();
        try
        {
            await using var session = new FolderSyncSession(tool, paths) { ExtraConnections = count };
            await FirstSync.MeasureAsync(session, expected);
            var alone = await RestingMemory.MeasureAsync(context, session);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i += ConnectBatch)
            {
                var batch = Enumerable.Range(i, Math.Min(ConnectBatch, count - i)).Select(n =>
                    WireClient.ConnectAsync(session.ServerPort, $"wire{n:D4}", FolderSyncConfig.FolderName, !tool.PlainTcp, CancellationToken.None));
                clients.AddRange(await Task.WhenAll(batch));
            }

            await Task.WhenAll(clients.Select(c => c.Indexed)).WaitAsync(TimeSpan.FromMinutes(10));
            results.Check(tool.Name, $"ok   {name}: {count} wire clients connected and indexed in {clock.Elapsed.TotalSeconds:F1} s");
            var rest = await RestingMemory.MeasureAsync(context, session);
            rest.Record(results, tool.Name, metrics, files: null);
            double perConnection = (rest.Server - alone.Server) / 1024.0 / count;
            results.Add(metrics.PerConnection, tool.Name, perConnection);
            results.Check(tool.Name, $"ok   {name}: server at rest {alone.Server / 1048576.0:F1} MiB with 1 client, {rest.Server / 1048576.0:F1} MiB with {count} more: {perConnection:F0} KiB per connection; server CPU at rest {rest.ServerCpuPercent:F2} %");

            var samples = await Task.Run(() => FanOut(paths.Source, [.. expected.Keys], clients, context.Options.Edits));
            results.Add(metrics.FanOutP50, tool.Name, Stats.Percentile(samples, 50));
            results.Add(metrics.FanOutP99, tool.Name, Stats.Percentile(samples, 99));
            results.Check(tool.Name, $"ok   {name}: {context.Options.Edits} edits × {count} wire clients arrived, p50 {Stats.Percentile(samples, 50):F1} ms, p99 {Stats.Percentile(samples, 99):F1} ms");
            await context.VerifyAsync(tool, paths, $"{name}: the real client's tree");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            BenchContext.Remove(paths);
        }
    }

    /// <summary>Appends a line to a file on the server's side, one edit at a time; the time until each client got the push, in ms.</summary>
    private static List<double> FanOut(string source, List<string> files, List<WireClient> clients, int edits)
    {
        var random = new Random(5000);
        var latencies = new List<double>();
        for (int n = 0; n < edits; n++)
        {
            string file = files[random.Next(files.Count)];
            string path = Path.Join(source, file);
            long before = Stopwatch.GetTimestamp();
            byte[] content = [.. File.ReadAllBytes(path), .. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"wire fan-out edit {n}\n"))];
            long written = Propagation.Write(path, content);
            var deadline = Stopwatch.StartNew();
            while (clients.Any(c => c.ArrivalOf(file) <= before))
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"edit {n} of {file} reached {clients.Count(c => c.ArrivalOf(file) > before)} of {clients.Count} wire clients in 30 s");
                }

                Thread.Sleep(1);
            }

            latencies.AddRange(clients.Select(c => Math.Max(0, Stopwatch.GetElapsedTime(written, c.ArrivalOf(file)).TotalMilliseconds)));
            Thread.Sleep(100);
        }

        return latencies;
    }
}
