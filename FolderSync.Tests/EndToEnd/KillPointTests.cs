using FolderSync.Common.FaultInjection;
using FolderSync.Common.FileSystem;
using FolderSync.Common.State;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// The receiver of a file SIGKILLs itself at each named point of the commit (<see cref="KillSwitch"/>): the file
/// it shows is whole (old or new, never a part), its state passes integrity_check, and after a restart without the
/// kill switch both sides converge on the new version with no temp file left.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class KillPointTests
{
    private const string File = "notes/plan.txt";
    private const string Old = "old version\n";
    private const string New = "old version\nnew line from the other side\n";

    private static IEnumerable<string> Points => KillPoints.All;

    /// <summary>The points a server reaches (the flush before a commit is the client's).</summary>
    private static IEnumerable<string> ServerPoints => KillPoints.All.Where(p => p != KillPoints.AfterFlush);

    [TestCaseSource(nameof(Points))]
    public async Task Client_killed_while_receiving_a_server_edit_shows_a_whole_file_and_converges(string point)
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, File, Old);
        await sandbox.StartServerAsync();

        // The first sync receives the file once, so the edit reaches the point for the second time.
        var client = sandbox.StartClient(launch: DaemonLaunch.KillAt($"{point}@2"));
        await sandbox.WaitConvergedAsync(client);
        DaemonFixtureFiles.WriteByRename(sandbox.Root, sandbox.ServerFile(File), New); // no empty intermediate for a loaded watcher to send
        await WaitKilledAtAsync(client, point);

        AssertWholeAfterKill(sandbox.ClientPath(), sandbox.ClientDatabase(), point, Old);
        var restarted = sandbox.StartClient();
        await AssertConvergedOnNewAsync(sandbox, restarted);
    }

    [TestCaseSource(nameof(Points))]
    public async Task Client_killed_while_receiving_a_server_create_shows_no_partial_file_and_converges(string point)
    {
        await using var sandbox = new DaemonSandbox();
        await sandbox.StartServerAsync();
        var client = sandbox.StartClient(launch: DaemonLaunch.KillAt(point));
        await sandbox.WaitConvergedAsync(client);
        DaemonFixtureFiles.WriteByRename(sandbox.Root, Path.Combine(sandbox.ServerPath, File), New);
        await WaitKilledAtAsync(client, point);

        AssertWholeAfterKill(sandbox.ClientPath(), sandbox.ClientDatabase(), point, old: null);
        var restarted = sandbox.StartClient();
        await AssertConvergedOnNewAsync(sandbox, restarted);
    }

    [TestCaseSource(nameof(ServerPoints))]
    public async Task Server_killed_while_receiving_a_client_edit_shows_a_whole_file_and_converges(string point)
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, File, Old);
        var server = await sandbox.StartServerAsync(DaemonLaunch.KillAt(point));
        var client = sandbox.StartClient();
        await sandbox.WaitConvergedAsync(client);
        DaemonFixtureFiles.WriteByRename(sandbox.Root, sandbox.ClientFile(File), New);
        await WaitKilledAtAsync(server, point);

        AssertWholeAfterKill(sandbox.ServerPath, sandbox.ServerDatabase, point, Old);
        await sandbox.StartServerAsync();
        await AssertConvergedOnNewAsync(sandbox, client);
    }

    [Test]
    public async Task A_malformed_kill_point_exits_2_naming_the_variable()
    {
        await using var sandbox = new DaemonSandbox();
        sandbox.Invariants.Waive(Invariant.DaemonsAlive, "the server must refuse to start");
        var server = sandbox.Track(DaemonProcess.Start("server", DaemonBinaries.ServerDll, sandbox.ServerConfig, sandbox.ServerStateDir, DaemonLaunch.KillAt("after-everything")));
        await server.WaitExitAsync(TimeSpan.FromSeconds(20));
        Assert.That(server.ExitCode, Is.EqualTo(2), server.Output);
        Assert.That(server.Output, Does.Contain(KillSwitch.EnvironmentVariable).And.Contain("unknown kill point"));
    }

    /// <summary>The process died of SIGKILL (exit 137) at this point, not of anything else.</summary>
    private static async Task WaitKilledAtAsync(DaemonProcess process, string point)
    {
        await process.WaitExitAsync(TimeSpan.FromSeconds(20));
        Assert.That(process.ExitCode, Is.EqualTo(128 + 9), $"{process.Name} must die of SIGKILL");
        await Eventually.TrueAsync(
            () => process.Output.Contains($"{KillSwitch.EnvironmentVariable}: killing process {process.Pid} at {point}@", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5),
            $"{process.Name} to say it was killed at {point}");
    }

    /// <summary>
    /// Every visible file is whole: the old version before the rename, the new one from then on (never a part);
    /// the state database is sound.
    /// </summary>
    private static void AssertWholeAfterKill(string root, string database, string point, string? old)
    {
        var visible = DaemonTree.Snapshot(root).Where(e => e.Value != DaemonTree.DirectoryMark).ToDictionary();
        string? expected = point == KillPoints.AfterTempWrite ? old : New;
        Assert.That(visible.Keys, expected is null ? Is.Empty : Is.EquivalentTo(new[] { File }), $"only the transferred file is visible after a kill at {point}");
        foreach (var (path, hash) in visible)
        {
            Assert.That(hash, Is.EqualTo(DaemonTree.Sha256Text(expected!)), $"{path} after a kill at {point} is not the {(expected == New ? "new" : "old")} version whole");
        }

        using var store = StateStore.Open(database);
        Assert.That(store.IntegrityCheck(), Is.EqualTo("ok"), $"integrity_check of {database} after kill -9");
    }

    private static async Task AssertConvergedOnNewAsync(DaemonSandbox sandbox, DaemonProcess client)
    {
        await sandbox.WaitConvergedAsync(client, timeout: TimeSpan.FromSeconds(40));
        Assert.Multiple(() =>
        {
            Assert.That(Eventually.ReadOrNull(sandbox.ServerFile(File)), Is.EqualTo(New), "the edit ends on the server");
            Assert.That(Eventually.ReadOrNull(sandbox.ClientFile(File)), Is.EqualTo(New), "the edit ends on the client");
            foreach (string root in new[] { sandbox.ServerPath, sandbox.ClientPath() })
            {
                Assert.That(DaemonTree.AllFiles(root).Where(f => AtomicFileWriter.IsTempName(Path.GetFileName(f))), Is.Empty, $"no temp file is left in {root}");
            }
        });
    }
}
