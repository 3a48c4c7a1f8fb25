using FolderSync.Common.Configuration;
using FolderSync.Common.Protocol;
using FolderSync.Common.Watching;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Folders;

/// <summary>
/// What feeds a folder's loop from its own disk: the watcher's batches as they come (hints), a full rescan on a
/// timer (the truth; the only source in polling mode), and a short poll of the subtrees the watcher could not watch.
/// </summary>
internal sealed class LocalFeed(FolderWatcher watcher, WorkQueue queue, SyncOptions sync, ILogger logger)
{
    /// <summary>What both sides watch with: the sync's debounce and mode; our own and editors' temp names never.</summary>
    internal static WatcherOptions WatcherOptionsFor(SyncOptions sync) => new()
    {
        DebounceMilliseconds = sync.DebounceMilliseconds,
        Watch = sync.Watch,
        IsIgnored = path => Scanning.PathFilter.IsTemporaryName(path.Name),
    };

    private string? _reportedProblem;

    /// <param name="onPoll">Walks the given unwatched subtrees.</param>
    public Task RunAsync(Func<WatchBatch, Task> onBatch, Func<Task> onRescan, Func<IReadOnlyList<RelativePath>, Task> onPoll, CancellationToken cancellationToken) =>
        Task.WhenAll(PumpAsync(onBatch, cancellationToken), RescanAsync(onRescan, cancellationToken), PollAsync(onPoll, onRescan, cancellationToken));

    private async Task PumpAsync(Func<WatchBatch, Task> onBatch, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in watcher.Batches.ReadAllAsync(cancellationToken))
            {
                ReportWatcherProblem();
                await queue.PostInBurst(() => onBatch(batch)); // The handler settles a burst's rows itself when it must.
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RescanAsync(Func<Task> onRescan, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(5, sync.RescanIntervalSeconds)));
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

    /// <summary>Idle (a timer tick and a count) while every directory has its watch.</summary>
    private async Task PollAsync(Func<IReadOnlyList<RelativePath>, Task> onPoll, Func<Task> onRescan, CancellationToken cancellationToken)
    {
        if (watcher.Mode != WatchMode.Inotify)
        {
            return; // Nothing is watched at all: the periodic rescan is the polling mode.
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, sync.PollIntervalSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var unwatched = watcher.UnwatchedDirectories;
                if (unwatched.Count == 0)
                {
                    continue;
                }

                ReportWatcherProblem();
                if (unwatched.Contains(string.Empty))
                {
                    await queue.Post(onRescan); // Not even the root is watched: walk everything.
                    continue;
                }

                var subtrees = unwatched.Select(d => RelativePath.TryParse(d, out var path) ? path : (RelativePath?)null).OfType<RelativePath>().ToList();
                await queue.Post(() => onPoll(subtrees));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The watcher has no logger: its problems (e.g. the inotify watch limit, named with its sysctl) are logged here,
    /// once each, from whichever of the three loops sees it first.
    /// </summary>
    private void ReportWatcherProblem()
    {
        string? problem = watcher.LastError;
        if (problem is not null && Interlocked.Exchange(ref _reportedProblem, problem) != problem)
        {
            int unwatched = watcher.UnwatchedDirectories.Count;
            logger.LogWarning("Watcher on {Root}: {Problem}{Fallback}", watcher.Root, problem,
                unwatched > 0 ? $"; {unwatched} unwatched director{(unwatched == 1 ? "y is" : "ies are")} polled every {sync.PollIntervalSeconds} s"
                : watcher.Degraded ? "; what is unwatched is picked up by the periodic rescan" : string.Empty);
        }
    }
}
