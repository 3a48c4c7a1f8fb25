using System.Threading.Channels;

namespace FolderSync.Common.Engine;

/// <summary>
/// The single loop of a folder: every change to its disk and state runs here, one at a time, so a remote
/// write is recorded before the watcher's report of it is looked at (echo prevention) and nothing races.
/// </summary>
internal sealed class WorkQueue
{
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });

    private int _pending;

    /// <summary>Work posted and not yet finished (status counts it as not yet synced).</summary>
    public int Pending => Volatile.Read(ref _pending);

    public Task<T> Post<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _pending);
        if (!_work.Writer.TryWrite(async () =>
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
            }))
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
        await foreach (var item in _work.Reader.ReadAllAsync(cancellationToken))
        {
            await item();
        }
    }
}
