namespace FolderSync.Client.Engine;

/// <summary>
/// <c>pause</c> / <c>resume</c>. Paused, the client stays off the server: the connection is closed and not retried,
/// so nothing goes up and nothing comes down, while the watcher and scans keep recording local changes for when it
/// resumes. Kept across restarts as a marker file in the state directory. Thread-safe.
/// </summary>
internal sealed class PauseSwitch : IDisposable
{
    public const string MarkerName = "paused";

    private readonly Lock _gate = new();
    private readonly string _marker;
    private CancellationTokenSource _running = new();
    private TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PauseSwitch(string stateDir)
    {
        _marker = Path.Combine(stateDir, MarkerName);
        if (File.Exists(_marker))
        {
            _running.Cancel();
        }
        else
        {
            _resumed.SetResult();
        }
    }

    public bool Paused
    {
        get
        {
            lock (_gate)
            {
                return _running.IsCancellationRequested;
            }
        }
    }

    /// <summary>Cancelled when the client pauses: the current connection closes on it.</summary>
    public CancellationToken Running
    {
        get
        {
            lock (_gate)
            {
                return _running.Token;
            }
        }
    }

    /// <summary>Completes once not paused; false when <paramref name="cancellationToken"/> ends the wait.</summary>
    public async Task<bool> WaitResumedAsync(CancellationToken cancellationToken)
    {
        Task resumed;
        lock (_gate)
        {
            resumed = _resumed.Task;
        }

        try
        {
            await resumed.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <returns>False when it was paused already.</returns>
    public bool Pause()
    {
        lock (_gate)
        {
            if (_running.IsCancellationRequested)
            {
                return false;
            }

            File.WriteAllText(_marker, $"{DateTimeOffset.UtcNow:O}\n");
            _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running.Cancel();
            return true;
        }
    }

    /// <returns>False when it was not paused.</returns>
    public bool Resume()
    {
        lock (_gate)
        {
            if (!_running.IsCancellationRequested)
            {
                return false;
            }

            File.Delete(_marker);
            _running = new CancellationTokenSource();
            _resumed.SetResult();
            return true;
        }
    }

    public void Dispose() => _running.Dispose();
}
