using System.Diagnostics;
using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

internal sealed class UnisonSession(SessionPaths paths) : SyncSession(paths)
{
    private readonly CancellationTokenSource _stopLoop = new();
    private ChildProcess? _server;
    private Task? _loop;
    private int _runs;
    private int _port;

    public override IReadOnlyList<int> DaemonPids => _server is null ? [] : [_server.Pid];

    private Dictionary<string, string> Env => new() { ["UNISON"] = Path.Join(Paths.Work, "unison-home") };

    public override async Task StartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        int port = FreePort.Next();
        Directory.CreateDirectory(Env["UNISON"]);
        _server = ChildProcess.Start("unison", ["-socket", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-listen", "127.0.0.1"], Paths.Log("unison-server"), Env, cwd: "/");
        if (await Poll.UntilAsync(() => RsyncDaemon.CanConnect(port), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10)) is null)
        {
            throw new InvalidOperationException($"the unison server did not listen; see {_server.LogPath}");
        }

        _port = port;
        Proxy = Paths.CountWire ? new CountingProxy(port) : null;
        await RunOnceAsync(cancellationToken);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    public override Task PauseAsync() => StopLoopAsync();

    public override Task SyncOnceAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public override double HelperCpuSeconds() => ProcStat.CpuSeconds(Environment.ProcessId, reapedChildren: true) - ProcStat.CpuSeconds(Environment.ProcessId);

    public override async Task<TimeSpan> RestartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        await StopLoopAsync();
        var clock = Stopwatch.StartNew();
        await RunOnceAsync(cancellationToken);
        return clock.Elapsed;
    }

    public override async ValueTask DisposeAsync()
    {
        await StopLoopAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _stopLoop.Dispose();
        await base.DisposeAsync();
    }

    private async Task LoopAsync()
    {
        while (!_stopLoop.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(_stopLoop.Token);
            }
            catch (InvalidOperationException)
            {
                // A run that found a file mid-write fails; the next run picks it up, as -repeat would.
            }
        }
    }

    private async Task StopLoopAsync()
    {
        if (_loop is not null)
        {
            await _stopLoop.CancelAsync();
            await _loop;
            _loop = null;
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        int run = _runs++;
        string log = Paths.Log($"unison-{run % 4}");
        string remote = $"socket://127.0.0.1:{Proxy?.Port ?? _port}/{Paths.Destination}";
        var (code, _) = await ChildProcess.RunAsync(
            "unison",
            [Paths.Source, remote, "-batch", "-auto", "-times", "-fastcheck", "true", "-confirmbigdeletes=false", "-ignore", "Name .*", "-ui", "text", "-terse"],
            log,
            TimeSpan.FromMinutes(10),
            Env);

        // 0: all synced, 1: nothing to do. 2: some files skipped (a file changed during the run) — retried next run.
        if (code is not (0 or 1) && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"unison exited with {code}; see {log}");
        }
    }
}
