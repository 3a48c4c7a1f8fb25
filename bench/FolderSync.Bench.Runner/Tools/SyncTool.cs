namespace FolderSync.Bench.Runner.Tools;

/// <summary>One synchroniser under test: what it can do, whether it is installed, and a way to run it.</summary>
internal abstract class SyncTool
{
    public abstract string Name { get; }

    /// <summary>How to get it (printed when missing; the runner never installs anything).</summary>
    public abstract string InstallHint { get; }

    /// <summary>Propagates edits by itself (a daemon or a loop), so latency can be measured.</summary>
    public virtual bool Continuous => false;

    /// <summary>Changes on B travel to A too.</summary>
    public virtual bool Bidirectional => false;

    /// <summary>Leaves binary files out (FolderSync syncs text only, DESIGN §6).</summary>
    public virtual bool SkipsBinaries => false;

    /// <summary>Can keep several destinations in sync from one source.</summary>
    public virtual bool FanOut => false;

    /// <summary>Can be stopped and started again over an unchanged tree.</summary>
    public virtual bool Restartable => true;

    /// <summary>A reference for first syncs only (tar, rsync --fsync): no edit pass, no restart.</summary>
    public virtual bool FirstSyncOnly => false;

    /// <summary>Runs the scale scenarios (100,000 and 1,000,000 files): FolderSync and its rsync reference only.</summary>
    public virtual bool Scales => false;

    /// <summary>Null when it can run here, else why not.</summary>
    public abstract Task<string?> UnavailableReasonAsync();

    public abstract SyncSession CreateSession(SessionPaths paths);
}
