namespace FolderSync.Common.Transfer;

/// <summary>
/// Runs a loop on a dedicated background thread whose priority it may lower for itself (the chunk backfill, the
/// history recorder read and hash whole files at nice 19 without taking the cores from the transfer).
/// </summary>
public static class BackgroundThread
{
    /// <summary>Completes when <paramref name="run"/> returns, or faults with what it threw.</summary>
    public static Task Start(string name, Action run)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                run();
                stopped.SetResult();
            }
            catch (Exception ex)
            {
                stopped.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return stopped.Task;
    }
}
