using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Hosting.Systemd;

/// <summary>
/// A <c>Type=notify</c> unit's view of the daemon: <c>READY=1</c> once every service has started (the server
/// listens, the start-up scans are recorded), <c>STOPPING=1</c> when shutdown begins, and while running
/// <c>WATCHDOG=1</c> every half period, but only after the folder loops answered a probe: a loop that hangs stops
/// the pings, and systemd restarts the daemon.
/// </summary>
public sealed class SystemdLifecycle(SystemdNotifier notifier, ILoopProbe probe, TimeSpan? watchdogInterval, ILogger<SystemdLifecycle> logger)
    : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _watchdog = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        notifier.Notify("STATUS=Starting: scanning folders");
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        notifier.Notify("READY=1\nSTATUS=Running");
        if (watchdogInterval is { } interval)
        {
            logger.LogInformation("systemd watchdog armed: the folder loops are probed every {Seconds:0.#} s", interval.TotalSeconds);
            _watchdog = WatchdogAsync(interval, _stopping.Token);
        }

        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        notifier.Notify("STOPPING=1\nSTATUS=Stopping");
        await _stopping.CancelAsync();
        await _watchdog;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _stopping.Dispose();
        notifier.Dispose();
    }

    private async Task WatchdogAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var answered = probe.ProbeAsync();
                if (await Task.WhenAny(answered, Task.Delay(interval, cancellationToken)) != answered)
                {
                    logger.LogWarning("A folder loop has not answered the watchdog for {Seconds:0.#} s; systemd restarts the daemon if it stays stuck", interval.TotalSeconds);
                    await answered.WaitAsync(cancellationToken);
                }

                await answered;
                notifier.Notify("WATCHDOG=1");
                await Task.Delay(interval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException ex)
        {
            // A loop that ended while the daemon runs is a daemon that no longer syncs: no more pings.
            logger.LogError("The watchdog stops: {Error}; systemd will restart the daemon", ex.Message);
        }
    }
}
