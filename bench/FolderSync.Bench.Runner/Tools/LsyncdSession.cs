using System.Diagnostics;
using System.Text;
using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// One destination: lsyncd pushes to an rsync daemon (through the counting proxy when the wire is counted), so the wire is measured.
/// Several destinations (fan-out): one lsyncd with a <c>sync</c> block per local target directory.
/// </summary>
internal sealed class LsyncdSession(SessionPaths paths) : SyncSession(paths)
{
    private RsyncDaemon? _daemon;
    private ChildProcess? _lsyncd;
    private int _starts;

    public override IReadOnlyList<int> DaemonPids =>
        [.. new[] { _lsyncd?.Pid, _daemon?.Pid }.OfType<int>()];

    public override IReadOnlyList<int> ClientPids => _lsyncd is null ? [] : [_lsyncd.Pid];

    public override async Task StartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        if (Paths.Destinations.Count == 1)
        {
            _daemon = await RsyncDaemon.StartAsync(Paths.Destination, Path.Join(Paths.Work, "rsyncd"), Paths.CountWire);
            Proxy = _daemon.Proxy;
        }

        await LaunchAsync();
    }

    public override async Task<TimeSpan> RestartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        await _lsyncd!.DisposeAsync();
        var clock = Stopwatch.StartNew();
        await LaunchAsync();
        return clock.Elapsed;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_lsyncd is not null)
        {
            await _lsyncd.DisposeAsync();
        }

        Proxy = null;
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>Starts lsyncd and waits for its startup rsync of every target ("Startup of ... finished").</summary>
    private async Task LaunchAsync()
    {
        int start = _starts++;
        Directory.CreateDirectory(Paths.Work);
        string logFile = Path.Join(Paths.Work, $"lsyncd-{start}.log");
        string config = Path.Join(Paths.Work, $"lsyncd-{start}.lua");
        var lua = new StringBuilder();
        lua.AppendLine($"settings {{ nodaemon = true, logfile = \"{logFile}\", statusFile = \"{Path.Join(Paths.Work, "lsyncd.status")}\", maxProcesses = 4 }}");
        foreach (string target in Paths.Destinations.Count == 1 ? [_daemon!.Url] : Paths.Destinations.Select(d => d + "/"))
        {
            lua.AppendLine($"sync {{ default.rsync, source = \"{Paths.Source}/\", target = \"{target}\", delay = 0, rsync = {{ archive = true, whole_file = false }} }}");
        }

        await File.WriteAllTextAsync(config, lua.ToString());
        _lsyncd = ChildProcess.Start("lsyncd", [config], Paths.Log($"lsyncd-{start}"));
        var done = await Poll.UntilAsync(
            () => _lsyncd.HasExited || CountStartups(logFile) >= Paths.Destinations.Count,
            TimeSpan.FromMinutes(10),
            TimeSpan.FromMilliseconds(5));
        if (done is null || _lsyncd.HasExited)
        {
            throw new InvalidOperationException($"lsyncd did not finish its startup; see {logFile} and {_lsyncd.LogPath}");
        }
    }

    private static int CountStartups(string logFile)
    {
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            string text = reader.ReadToEnd();
            int count = 0;
            for (int at = text.IndexOf("Startup of", StringComparison.Ordinal); at >= 0; at = text.IndexOf("Startup of", at + 1, StringComparison.Ordinal))
            {
                int end = text.IndexOf('\n', at);
                if (end > at && text.AsSpan(at, end - at).Contains("finished", StringComparison.Ordinal))
                {
                    count++;
                }
            }

            return count;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
