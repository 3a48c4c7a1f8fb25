namespace FolderSync.Tests.Support;

/// <summary>The invariants <see cref="SyncInvariants"/> checks after every sync test; a test may waive one, saying why.</summary>
[Flags]
internal enum Invariant
{
    None = 0,

    /// <summary>Sentinel files beside the folder roots (and at planted symlinks' targets) are untouched.</summary>
    NothingOutsideChanged = 1,

    /// <summary><c>PRAGMA integrity_check</c> is ok on every state database.</summary>
    StateIntegrity = 2,

    /// <summary>Every client's synced view equals the server's, its local-only paths aside.</summary>
    Converged = 4,

    /// <summary>Once converged, no message but PING/PONG moves and the server's sequence stands still.</summary>
    NoEcho = 8,

    /// <summary>No temp file of ours is left in any root.</summary>
    NoTempFiles = 16,

    /// <summary>The last-started server and clients still run.</summary>
    DaemonsAlive = 32,
}
