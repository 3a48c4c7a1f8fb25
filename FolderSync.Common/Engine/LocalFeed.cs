using FolderSync.Common.Watching;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Engine;

/// <summary>
/// What feeds a folder's loop from its own disk: the watcher's batches as they come (hints), and a full
/// rescan on a timer (the truth; the only source in polling mode or where watches ran out).
/// </summary>
internal sealed class LocalFeed(FolderWatcher watcher, WorkQueue queue, int rescanIntervalSeconds, ILogger logger)
{
    private string? _reportedProblem;

    public Task RunAsync(Func<WatchBatch, Task> onBatch, Func<Task> onRescan, CancellationToken cancellationToken) =>
        Task.WhenAll(PumpAsync(onBatch, cancellationToken), RescanAsync(onRescan, cancellationToken));

    private async Task PumpAsync(Func<WatchBatch, Task> onBatch, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in watcher.Batches.ReadAllAsync(cancellationToken))
            {
                ReportWatcherProblem();
                await queue.Post(() => onBatch(batch));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RescanAsync(Func<Task> onRescan, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(5, rescanIntervalSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                ReportWatcherProblem();
                await queue.Post(onRescan);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The watcher has no logger: its problems (e.g. the inotify watch limit, named with its sysctl) are logged here, once each.</summary>
    private void ReportWatcherProblem()
    {
        string? problem = watcher.LastError;
        if (problem is not null && problem != _reportedProblem)
        {
            _reportedProblem = problem;
            logger.LogWarning("Watcher on {Root}: {Problem}{Degraded}", watcher.Root, problem,
                watcher.Degraded ? "; unwatched directories are picked up by the periodic rescan" : string.Empty);
        }
    }
}
