namespace FolderSync.Client.Engine;

/// <summary>
/// The batch-level syncfs of received files (docs/sync-model.md, durability), run off the folder loop: syncfs waits
/// for every dirty page of the file system, other programs' too, so on a busy disk it can take seconds, during
/// which the loop must go on answering PINGs and sending edits. Requests made while a flush runs coalesce into one
/// more flush after it.
/// </summary>
internal sealed class FileSystemFlusher(Action flush, Action<IOException> failed)
{
    private const int Idle = 0;
    private const int RunningAndRequested = 2;

    /// <summary>Idle, 1 (a flush running), or <see cref="RunningAndRequested"/> (one more to run after it).</summary>
    private int _state;

    public void Request()
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            if (state == RunningAndRequested)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                if (state == Idle)
                {
                    _ = Task.Run(Run);
                }

                return;
            }
        }
    }

    private void Run()
    {
        do
        {
            try
            {
                flush();
            }
            catch (IOException ex)
            {
                failed(ex);
            }
            catch (ObjectDisposedException)
            {
                // The engine stopped while a flush was due: the next start scans what is on disk.
            }
        }
        while (Interlocked.Decrement(ref _state) != Idle);
    }
}
