using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Scanning;
using FolderSync.Common.Sync;
using Microsoft.Data.Sqlite;
using NUnit.Framework.Interfaces;

namespace FolderSync.Tests.Support;

/// <summary>
/// The invariants every sync test leaves holding (issue 5), checked by the fixtures when a test ends: nothing
/// outside the roots changed (sentinels planted beside them, and at planted symlinks' targets), the state
/// databases pass integrity_check, every client converged on the server, nothing moves once quiet (no echo),
/// no temp file is left, and the daemons still run. A test that breaks one on purpose waives it and says why.
/// </summary>
internal sealed class SyncInvariants
{
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(20);
    private readonly Dictionary<string, string> _watched = new(StringComparer.Ordinal);
    private Invariant _waived;
    private bool _held;

    /// <summary>Plants a sentinel file beside <paramref name="root"/> (once per root) and watches it.</summary>
    public void PlantBeside(string root)
    {
        string sentinel = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(root))!, Path.GetFileName(root) + ".sentinel");
        if (!_watched.ContainsKey(sentinel))
        {
            File.WriteAllText(sentinel, $"sentinel beside {root}: sync must never touch this\n");
            Watch(sentinel);
        }
    }

    /// <summary>Records <paramref name="path"/> as it is now (e.g. a planted symlink's target outside the root); it must end the same.</summary>
    public void Watch(string path) => _watched[path] = Describe(path);

    /// <summary>Skips <paramref name="invariants"/> for this test; <paramref name="reason"/> says what the test breaks on purpose.</summary>
    public void Waive(Invariant invariants, string reason)
    {
        _waived |= invariants;
        TestContext.Out.WriteLine($"invariant sweep: {invariants} waived: {reason}");
    }

    /// <summary>
    /// Checks every invariant not waived and fails the test with all that do not hold. Does nothing when the test
    /// already failed (its own failure is the one to read) or once the sweep passed: a test that must check while
    /// something it owns still runs (a proxy between the sides) calls it at its end, and the fixture's dispose skips it.
    /// </summary>
    public async Task AssertAsync(SyncSides sides)
    {
        if (_held || TestContext.CurrentContext.Result.Assertions.Any(a => a.Status is AssertionStatus.Failed or AssertionStatus.Error))
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        if (Checks(Invariant.NothingOutsideChanged))
        {
            failures.AddRange(_watched.Where(w => Describe(w.Key) != w.Value).Select(w => $"outside the roots, {w.Key} changed: was {w.Value}, is {Describe(w.Key)}"));
        }

        if (Checks(Invariant.DaemonsAlive))
        {
            failures.AddRange(sides.Dead.Select(name => $"{name} is not running"));
        }

        bool converged = true;
        if (Checks(Invariant.Converged))
        {
            foreach (var client in sides.Clients)
            {
                if (await ConvergeAsync(sides, client) is { } difference)
                {
                    converged = false;
                    failures.Add($"{client.Name} did not converge within {ConvergeTimeout.TotalSeconds:0} s: {difference}");
                }
            }
        }

        if (Checks(Invariant.NoEcho) && converged && await QuietAsync(sides) is { } echo)
        {
            failures.Add(echo);
        }

        if (Checks(Invariant.NoTempFiles))
        {
            failures.AddRange(sides.Clients.Select(c => c.Root).Prepend(sides.ServerRoot).SelectMany(TempFiles).Select(f => $"temp file left: {f}"));
        }

        if (Checks(Invariant.StateIntegrity))
        {
            failures.AddRange(sides.Databases.Select(db => (db, result: IntegrityCheck(db))).Where(r => r.result != "ok").Select(r => $"integrity_check of {r.db}: {r.result}"));
        }

        TestContext.Out.WriteLine($"invariant sweep: {failures.Count} failure(s) in {watch.ElapsedMilliseconds} ms");
        if (failures.Count > 0)
        {
            Assert.Fail("invariant sweep:\n" + string.Join('\n', failures));
        }

        _held = true;
    }

    private bool Checks(Invariant invariant) => (_waived & invariant) == 0;

    /// <summary>Null once the client is idle and its synced view equals the server's; else the last difference.</summary>
    private static async Task<string?> ConvergeAsync(SyncSides sides, SyncClientSide client)
    {
        var deadline = Stopwatch.StartNew();
        string difference;
        while (true)
        {
            var status = await client.Status();
            long? serverSequence = await sides.ServerSequence();
            difference = status is null ? "no status"
                : !DaemonProcess.IsIdle(status) ? $"not idle: {status.ToJsonString()}"
                : Behind(status, serverSequence) is { } behind ? behind
                : Difference(sides, client, status);
            if (difference.Length == 0)
            {
                return null;
            }

            if (deadline.Elapsed > ConvergeTimeout)
            {
                return difference;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Equal trees are not enough: a client can hold every file while messages that change nothing (a DIR_CREATE for a
    /// directory its file writes already made) are still on their way, and they would look like echo in the quiet window.
    /// </summary>
    private static string? Behind(JsonObject status, long? serverSequence) =>
        serverSequence is { } sequence && status["lastSequence"] is { } last && long.Parse(last.ToJsonString(), CultureInfo.InvariantCulture) < sequence
            ? $"behind: at sequence {last.ToJsonString()} of {sequence}"
            : null;

    /// <summary>The server's synced view against the client's, without what the client keeps local only (access modes).</summary>
    private static string Difference(SyncSides sides, SyncClientSide client, JsonObject status)
    {
        var server = View(sides.ServerRoot, sides.Scan);
        var local = View(client.Root, sides.Scan);
        var localOnly = status["localOnly"]?["paths"]?.AsArray().Select(p => (string)p!["path"]!).ToHashSet(StringComparer.Ordinal) ?? [];
        bool allListed = status["localOnly"]?["count"]?.ToJsonString() == localOnly.Count.ToString(CultureInfo.InvariantCulture);
        var lines = server.Where(s => !local.TryGetValue(s.Key, out var l) || l != s.Value).Select(s => $"{(local.ContainsKey(s.Key) ? "differs" : "missing")} {s.Key}")
            .Concat(local.Keys.Where(p => !server.ContainsKey(p) && allListed && !localOnly.Contains(p)).Select(p => $"extra {p}"))
            .ToList();
        return lines.Count == 0 ? string.Empty : $"{lines.Count} difference(s): {string.Join("; ", lines.Take(8))}";
    }

    private static Dictionary<string, string> View(string root, ScanOptions scan) =>
        Scanner.Scan(root, scan, _ => null).Entries.ToDictionary(e => e.Key.Value, e => e.Value.Kind == EntryKind.Directory ? "dir" : e.Value.Sha256, StringComparer.Ordinal);

    /// <summary>(server sequence, messages sent, received) summed over the clients; null when a side does not answer.</summary>
    /// <summary>
    /// Null when nothing moves for a quiet window once converged. A client that sends anything is echoing. The
    /// server's sequence alone may still move when its own watcher reports the tail of a local burst late (tar
    /// sets directory times last; a loaded machine delays the events): that is new local work, not echo, so the
    /// sweep converges again and observes another window, a bounded number of times.
    /// </summary>
    private static async Task<string?> QuietAsync(SyncSides sides)
    {
        const int Windows = 5;
        for (int window = 1; await TrafficAsync(sides) is { } before; window++)
        {
            await Task.Delay(sides.Quiet); // Observing that nothing happens: a bounded window, not synchronisation.
            if (await TrafficAsync(sides) is not { } after || after == before)
            {
                return null;
            }

            bool clientSent = after.Sent != before.Sent;
            if (clientSent || window == Windows)
            {
                return $"echo traffic once quiet: over {sides.Quiet.TotalMilliseconds:0} ms (server sequence, messages sent, received) went from {before} to {after}"
                    + (clientSent ? string.Empty : $" in each of {Windows} windows");
            }

            foreach (var client in sides.Clients)
            {
                if (await ConvergeAsync(sides, client) is { } difference)
                {
                    return $"{client.Name} did not converge again after late server changes: {difference}";
                }
            }
        }

        return null;
    }

    private static async Task<(long Sequence, long Sent, long Received)?> TrafficAsync(SyncSides sides)
    {
        if (await sides.ServerSequence() is not { } sequence)
        {
            return null;
        }

        long sent = 0, received = 0;
        foreach (var client in sides.Clients)
        {
            if (await client.Status() is not { } status || status["traffic"] is not JsonObject traffic)
            {
                return null;
            }

            sent += long.Parse(traffic["sent"]!.ToJsonString(), CultureInfo.InvariantCulture);
            received += long.Parse(traffic["received"]!.ToJsonString(), CultureInfo.InvariantCulture);
        }

        return (sequence, sent, received);
    }

    private static IEnumerable<string> TempFiles(string root) =>
        Directory.Exists(root) ? DaemonTree.AllFiles(root).Where(f => AtomicFileWriter.IsTempName(Path.GetFileName(f))).Select(f => Path.Combine(root, f)) : [];

    private static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "no answer";
    }

    /// <summary>A file's kind, size, mtime and content hash; "absent" when there is nothing (not even a dangling link).</summary>
    private static string Describe(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            return $"symlink to {target}";
        }

        return info.Exists ? $"file of {info.Length} bytes, mtime {info.LastWriteTimeUtc:O}, sha256 {DaemonTree.Sha256(path)}" : Directory.Exists(path) ? "directory" : "absent";
    }
}
