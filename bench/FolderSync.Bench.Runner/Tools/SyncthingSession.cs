using System.Diagnostics;
using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// A = one Syncthing device holding the source tree, each B = one more device holding a destination; the folder
/// is shared A ⇄ each B (a star, like FolderSync's server and clients). Only A dials, each B through its own
/// counting proxy when the wire is counted; a B knows A as <c>dynamic</c> with discovery off, so it accepts and never dials around the proxy.
/// </summary>
internal sealed class SyncthingSession(SessionPaths paths) : SyncSession(paths)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
    private readonly List<SyncthingInstance> _destinations = [];
    private readonly List<CountingProxy> _proxies = [];
    private SyncthingInstance? _source;

    public override IReadOnlyList<int> DaemonPids => [.. All.Select(i => i.Pid).OfType<int>()];

    /// <summary>The receiving devices play the workstation's part.</summary>
    public override IReadOnlyList<int> ClientPids => [.. _destinations.Select(i => i.Pid).OfType<int>()];

    private IEnumerable<SyncthingInstance> All => _source is null ? _destinations : _destinations.Prepend(_source);

    /// <summary>Keys, device ids and configs: set-up a user does once, so it stays out of the first-sync time.</summary>
    public override async Task PrepareAsync()
    {
        string homes = Path.Join(Paths.Work, "syncthing");
        string logs = Path.Join(Paths.Work, "logs");
        _source = await SyncthingInstance.CreateAsync("A", Path.Join(homes, "A"), Paths.Source, logs);
        for (int i = 0; i < Paths.Destinations.Count; i++)
        {
            string name = Paths.Destinations.Count == 1 ? "B" : $"B{i + 1:D2}";
            var destination = await SyncthingInstance.CreateAsync(name, Path.Join(homes, name), Paths.Destinations[i], logs);
            _destinations.Add(destination);
            if (Paths.CountWire)
            {
                _proxies.Add(new CountingProxy(destination.ListenPort));
            }

            destination.Configure([new SyncthingPeer(_source.DeviceId, SyncthingPeer.AcceptOnly)]);
        }

        Proxy = _proxies.FirstOrDefault();
        _source.Configure([.. _destinations.Select((d, i) => new SyncthingPeer(d.DeviceId, $"tcp://127.0.0.1:{(Paths.CountWire ? _proxies[i].Port : d.ListenPort)}"))]);
    }

    public override async Task StartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        await LaunchAndSettleAsync(expected.Count);
    }

    /// <summary>Stops every device, starts them again, and times until each has rescanned and all agree.</summary>
    public override async Task<TimeSpan> RestartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken)
    {
        await StopAllAsync();
        var clock = Stopwatch.StartNew();
        await LaunchAndSettleAsync(expected.Count);
        return clock.Elapsed;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var instance in All)
        {
            await instance.DisposeAsync();
        }

        Proxy = null;
        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>
    /// Done = every device finished a full scan after this start, each B is connected to A, idle, needs nothing and
    /// knows at least <paramref name="files"/> files, and A sees every B complete.
    /// </summary>
    private async Task LaunchAndSettleAsync(int files)
    {
        var source = _source ?? throw new InvalidOperationException("PrepareAsync comes first");
        var since = DateTimeOffset.UtcNow;

        // Destinations listen before A dials: a refused first dial would leave A waiting out its reconnect back-off,
        // a start-order artefact rather than sync time (FolderSync's clients likewise start once the server listens).
        foreach (var destination in _destinations)
        {
            destination.Start();
        }

        foreach (var destination in _destinations)
        {
            await WaitAsync(destination, () => Task.FromResult(RsyncDaemon.CanConnect(destination.ListenPort)));
        }

        source.Start();
        foreach (var destination in _destinations)
        {
            await WaitAsync(destination, async () =>
                await ScannedSinceAsync(destination, since)
                && await destination.Api.ConnectedToAsync(source.DeviceId)
                && await destination.Api.FolderSettledAsync(files));
        }

        await WaitAsync(source, async () =>
        {
            if (!await ScannedSinceAsync(source, since) || !await source.Api.FolderSettledAsync(files))
            {
                return false;
            }

            foreach (var destination in _destinations)
            {
                if (!await source.Api.PeerCompleteAsync(destination.DeviceId))
                {
                    return false;
                }
            }

            return true;
        });
    }

    private static async Task<bool> ScannedSinceAsync(SyncthingInstance instance, DateTimeOffset since) =>
        await instance.Api.LastScanAsync() is { } scanned && scanned >= since;

    private static async Task WaitAsync(SyncthingInstance instance, Func<Task<bool>> settled)
    {
        var done = await Poll.UntilAsync(async () => instance.HasExited || await settled(), Deadline, TimeSpan.FromMilliseconds(20));
        if (done is null || instance.HasExited)
        {
            throw new InvalidOperationException($"syncthing {instance.Name} never settled; see {instance.LogPath}");
        }
    }

    private async Task StopAllAsync()
    {
        foreach (var instance in All)
        {
            await instance.StopAsync();
        }
    }
}
