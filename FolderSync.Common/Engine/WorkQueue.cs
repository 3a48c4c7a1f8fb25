using System.Threading.Channels;

namespace FolderSync.Common.Engine;

/// <summary>
/// The single loop of a folder: every change to its disk and state runs here, one at a time, so a remote
/// write is recorded before the watcher's report of it is looked at (echo prevention) and nothing races.
/// </summary>
internal sealed class WorkQueue
{
    private readonly Channel<Item> _work = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });

    private int _pending;

    /// <summary>Work posted and not yet finished (status counts it as not yet synced).</summary>
    public int Pending => Volatile.Read(ref _pending);

    public Task<T> Post<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _pending);
        if (!_work.Writer.TryWrite(new Item(
            async () =>
            {
                try
                {
                    done.TrySetResult(await work());
                }
                catch (Exception ex)
                {
                    done.TrySetException(ex);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            },
            error =>
            {
                done.TrySetException(error);
                Interlocked.Decrement(ref _pending);
            })))
        {
            Interlocked.Decrement(ref _pending);
            done.TrySetException(new ObjectDisposedException(nameof(WorkQueue), "the folder loop has stopped"));
        }

        return done.Task;
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

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _work.Reader.ReadAllAsync(cancellationToken))
            {
                await item.Run();
            }
        }
        finally
        {
            // Once the loop stops, work posted before or after must fail, not wait forever for a loop
            // that is gone (a reader or watcher pump awaiting its Post would hang the engine's shutdown).
            _work.Writer.TryComplete();
            while (_work.Reader.TryRead(out var left))
            {
                left.Fail(new ObjectDisposedException(nameof(WorkQueue), "the folder loop has stopped"));
            }
        }
    }

    private sealed record Item(Func<Task> Run, Action<Exception> Fail);
}
