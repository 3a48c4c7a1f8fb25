using FolderSync.Common.FaultInjection;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// A first sync longer than one batch of applied rows: the client is SIGKILLed while the flusher may still be making
/// the first batch durable. Every row committed by then describes a file that holds exactly that content (a row never
/// runs ahead of its file), and a restart converges.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class FlusherKillTests
{
    private const int Files = 1200;

    [Test]
    public async Task Client_killed_with_a_batch_in_flight_has_no_row_ahead_of_its_file_and_converges()
    {
        await using var sandbox = new DaemonSandbox();
        for (int i = 0; i < Files; i++)
        {
            string path = Path.Combine(sandbox.ServerPath, $"d{i % 10}", $"f{i:D4}.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, $"file {i}\n" + new string('x', i % 500));
        }

        await sandbox.StartServerAsync();
        var client = sandbox.StartClient(launch: DaemonLaunch.KillAt($"{KillPoints.AfterRename}@1100"));
        await client.WaitExitAsync(TimeSpan.FromSeconds(60));
        Assert.That(client.ExitCode, Is.EqualTo(128 + 9), "the client must die of SIGKILL");

        using (var store = StateStore.Open(sandbox.ClientDatabase()))
        {
            Assert.That(store.IntegrityCheck(), Is.EqualTo("ok"));
            var committed = store.GetAll().Where(r => r.Kind == EntryKind.File && !r.Deleted).ToList();
            Assert.That(committed, Has.Count.LessThan(1100), "the rows of files applied last are not committed yet");
            foreach (var row in committed)
            {
                string file = sandbox.ClientFile(row.Path.Value);
                Assert.That(File.Exists(file) ? DaemonTree.Sha256(file) : "missing", Is.EqualTo(row.Sha256), $"{row.Path} is committed, so its file holds that content");
            }
        }

        var restarted = sandbox.StartClient();
        await sandbox.WaitConvergedAsync(restarted, timeout: TimeSpan.FromSeconds(60));
        Assert.That(DaemonTree.Snapshot(sandbox.ClientPath()), Is.EqualTo(DaemonTree.Snapshot(sandbox.ServerPath)), "the restart converges");
    }
}
