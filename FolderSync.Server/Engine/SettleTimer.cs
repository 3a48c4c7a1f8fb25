using FolderSync.Common.Folders;

namespace FolderSync.Server.Engine;

/// <summary>
/// Posts <paramref name="settle"/> to the folder loop once <see cref="Restart"/> has not been called for the delay it
/// was last given: a mass-delete guard's "the deleting stopped". Restarted and fired on the folder loop.
/// </summary>
internal sealed class SettleTimer(WorkQueue queue, Action settle, CancellationToken stopping) : IDisposable
{
    private CancellationTokenSource? _pending;

    public void Restart(TimeSpan delay)
    {
        _pending?.Cancel();
        _pending?.Dispose();
        var pending = _pending = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _ = Task.Delay(delay, pending.Token).ContinueWith(
            _ => queue.Post(() =>
            {
                if (!pending.IsCancellationRequested)
                {
                    settle();
                }
            }),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
    }

    public void Dispose() => _pending?.Dispose();
}
