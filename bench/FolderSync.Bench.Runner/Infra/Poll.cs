using System.Diagnostics;

namespace FolderSync.Bench.Runner.Infra;

/// <summary>Waits for a condition with a deadline. Polling is how the runner observes tools, never how it syncs.</summary>
internal static class Poll
{
    /// <returns>The time from the call until the condition held, or null at the deadline.</returns>
    public static async Task<TimeSpan?> UntilAsync(Func<bool> condition, TimeSpan timeout, TimeSpan interval)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (condition())
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > timeout)
            {
                return null;
            }

            await Task.Delay(interval);
        }
    }

    public static async Task<TimeSpan?> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > timeout)
            {
                return null;
            }

            await Task.Delay(interval);
        }
    }
}
