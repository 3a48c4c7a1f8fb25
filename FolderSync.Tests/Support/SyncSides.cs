using FolderSync.Common.Scanning;

namespace FolderSync.Tests.Support;

/// <summary>What <see cref="SyncInvariants"/> needs to know of a pair's sides when the test ends.</summary>
/// <param name="ServerRoot">The server's folder.</param>
/// <param name="ServerSequence">The folder's current sequence, or null when the server does not run.</param>
/// <param name="Clients">The clients that run now.</param>
/// <param name="Databases">Every state database that exists.</param>
/// <param name="Scan">How the daemons scan (what counts as synced content).</param>
/// <param name="Quiet">How long nothing must move once converged: a few debounce windows.</param>
/// <param name="Dead">Daemons that should run and do not, by name.</param>
internal sealed record SyncSides(
    string ServerRoot,
    Func<Task<long?>> ServerSequence,
    IReadOnlyList<SyncClientSide> Clients,
    IReadOnlyList<string> Databases,
    ScanOptions Scan,
    TimeSpan Quiet,
    IReadOnlyList<string> Dead);
