namespace FolderSync.Bench.Runner.Tools;

/// <summary>What a FolderSync column is in the report, and so which scenarios it runs.</summary>
internal enum FolderSyncRole
{
    /// <summary>The native AOT build as deploy/install.sh publishes it: every scenario.</summary>
    Subject,

    /// <summary>Another build of the same code (framework-dependent, JIT): first syncs, edits and rest, no restart, fan-out or scale.</summary>
    Build,

    /// <summary>A first-sync reference that shows what one feature costs (TLS, history).</summary>
    Reference,
}
