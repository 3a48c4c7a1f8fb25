using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// One run of a tool over one pair of trees. <see cref="StartAsync"/> performs the first sync and returns once the
/// tool says it is done (the scenario also waits until the destination tree is complete). Continuous tools keep
/// propagating until disposed.
/// </summary>
internal abstract class SyncSession(SessionPaths paths) : IAsyncDisposable
{
    public SessionPaths Paths { get; } = paths;

    /// <summary>The relay between the tool's client and server, when the tool talks TCP.</summary>
    public CountingProxy? Proxy { get; protected set; }

    /// <summary>The long-running processes to sample for idle CPU and memory.</summary>
    public virtual IReadOnlyList<int> DaemonPids => [];

    /// <summary>One-time set-up a user would do before syncing (keys, configs); called before the first-sync clock starts.</summary>
    public virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Those of <see cref="DaemonPids"/> on the workstation's side (FolderSync's clients, lsyncd); the rest serve.</summary>
    public virtual IReadOnlyList<int> ClientPids => [];

    /// <param name="expected">Relative path → size of what B must hold when done (for tools with no "done" signal).</param>
    public abstract Task StartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken);

    /// <summary>One-shot tools: sync A to B once more (after an edit). Continuous tools need not implement it.</summary>
    public virtual Task SyncOnceAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops background polling (a loop of runs) so that the next change is carried by <see cref="SyncOnceAsync"/> alone.</summary>
    public virtual Task PauseAsync() => Task.CompletedTask;

    /// <summary>CPU seconds burnt by short-lived helpers (a loop of runs) that <see cref="DaemonPids"/> misses.</summary>
    public virtual double HelperCpuSeconds() => 0;

    /// <summary>
    /// Called after <see cref="StartAsync"/> over identical trees: stop and start again (or re-run), and return the
    /// time until the tool is ready and has checked the tree.
    /// </summary>
    public abstract Task<TimeSpan> RestartAsync(IReadOnlyDictionary<string, long> expected, CancellationToken cancellationToken);

    public virtual async ValueTask DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
