using System.Threading.Channels;

namespace FolderSync.Common.Folders;

/// <summary>
/// The single loop of a folder: every change to its disk and state runs here, one at a time, so a remote
/// write is recorded before the watcher's report of it is looked at (echo prevention) and nothing races.
/// </summary>
internal sealed class WorkQueue
{
    private readonly Channel<WorkItem> _work = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });

    private int _pending;
    private int _otherWorkQueued;

    /// <summary>Work posted and not yet finished (status counts it as not yet synced).</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Items queued, not started yet, that <see cref="BeforeOtherWork"/> runs before: a burst that meets one ends.</summary>
    public int OtherWorkQueued => Volatile.Read(ref _otherWorkQueued);

    /// <summary>
    /// Runs on the loop before every item not posted with <see cref="PostInBurst(Action)"/>: the client commits the rows of a
    /// burst of received files here, so every other step sees them.
    /// </summary>
    public Action? BeforeOtherWork { get; set; }

    public Task<T> Post<T>(Func<Task<T>> work) => Post(work, inBurst: false);

    /// <summary>A step of a burst (a received file): <see cref="BeforeOtherWork"/> does not run before it.</summary>
    public Task PostInBurst(Action work) => Post(
        () =>
        {
            work();
            return Task.FromResult(true);
        },
        inBurst: true);

    /// <summary>
    /// Work that does not end a burst: <see cref="BeforeOtherWork"/> does not run before it, so it settles what it
    /// needs itself (the watcher's hints: the client's handler commits only when they touch the burst's own rows).
    /// </summary>
    public Task PostInBurst(Func<Task> work) => Post(
        async () =>
        {
            await work();
            return true;
        },
        inBurst: true);

    private Task<T> Post<T>(Func<Task<T>> work, bool inBurst)
    {
        var item = new WorkItem<T>(work, inBurst ? null : () => BeforeOtherWork?.Invoke());
        Interlocked.Increment(ref _pending);
        if (!inBurst)
        {
            Interlocked.Increment(ref _otherWorkQueued);
        }

        if (!_work.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _pending);
            item.Abandon();
            Started(item);
        }

        return item.Completion;
    }

    public Task Post(Func<Task> work) => Post(async () =>
    {
        await work();
        return true;
    });

    public Task Post(Action work) => Post(() =>
    {
        work();
        return Task.CompletedTask;
    });

    public void Complete() => _work.Writer.TryComplete();

    /// <summary>
    /// Stops the loop and what feeds it: the step in flight finishes, queued work is abandoned (its posters
    /// are told), and the state table only ever holds finished steps.
    /// </summary>
    public async Task StopAsync(CancellationTokenSource stopping, Task loops)
    {
        await stopping.CancelAsync();
        Complete();
        try
        {
            await loops;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _work.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    Started(item);
                    await item.RunAsync();
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        finally
        {
            // Whoever still waits on work that will never run is told so, instead of waiting forever.
            _work.Writer.TryComplete();
            while (_work.Reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref _pending);
                Started(item);
                item.Abandon();
            }
        }
    }

    /// <summary>The item leaves the queue (to run, or abandoned).</summary>
    private void Started(WorkItem item)
    {
        if (item.EndsBurst)
        {
            Interlocked.Decrement(ref _otherWorkQueued);
        }
    }

    private abstract class WorkItem
    {
        public abstract bool EndsBurst { get; }

        public abstract Task RunAsync();

        public abstract void Abandon();
    }

    private sealed class WorkItem<T>(Func<Task<T>> work, Action? before) : WorkItem
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Completion => _done.Task;

        public override bool EndsBurst => before is not null;

        public override async Task RunAsync()
        {
            try
            {
                before?.Invoke();
                _done.TrySetResult(await work());
            }
            catch (Exception ex)
            {
                _done.TrySetException(ex);
            }
        }

        public override void Abandon() => _done.TrySetException(new ObjectDisposedException(nameof(WorkQueue), "the folder loop has stopped"));
    }
}
