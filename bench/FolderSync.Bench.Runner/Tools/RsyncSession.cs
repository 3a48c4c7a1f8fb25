using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

internal sealed class RsyncSession(SessionPaths paths, bool fsync) : SyncSession(paths)
{
    private static readonly string[] Plain = ["-a", "--delete"];
    private static readonly string[] Durable = [.. Plain, "--fsync"];
    private RsyncDaemon? _daemon;
    private int _runs;

    public override IReadOnlyList<int> DaemonPids => _daemon is null ? [] : [_daemon.Pid];

    public override async Task StartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        _daemon = await RsyncDaemon.StartAsync(Paths.Destination, Path.Join(Paths.Work, "rsyncd"), Paths.CountWire);
        Proxy = _daemon.Proxy;
        await SyncOnceAsync(cancellationToken);
    }

    public override async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        var (code, _) = await ChildProcess.RunAsync(
            "rsync", [.. fsync ? Durable : Plain, Paths.Source + "/", _daemon!.Url], Paths.Log($"rsync-{_runs++}"), TimeSpan.FromMinutes(10));
        if (code != 0)
        {
            throw new InvalidOperationException($"rsync exited with {code}; see {Paths.Log($"rsync-{_runs - 1}")}");
        }
    }

    /// <summary>rsync keeps no state: a restart is one more run over the unchanged tree.</summary>
    public override async Task<TimeSpan> RestartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await SyncOnceAsync(cancellationToken);
        return clock.Elapsed;
    }

    public override async ValueTask DisposeAsync()
    {
        Proxy = null;
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
