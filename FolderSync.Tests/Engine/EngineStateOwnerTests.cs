using FolderSync.Client.Engine;
using FolderSync.Common.Hosting;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;
using FolderSync.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FolderSync.Tests.Engine;

/// <summary>
/// A client's state belongs to one folder and one LocalPath: started with another, the engine refuses before it scans
/// or connects, so one folder's rows are never taken for local edits of another; older state adopts what it meets.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class EngineStateOwnerTests
{
    [Test]
    public async Task State_made_for_one_folder_or_local_path_is_refused_for_another_and_left_as_it_was()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        File.WriteAllText(pair.Local("mine.txt"), "docs only\n");
        await pair.IdleAsync();
        await pair.StopClientAsync();

        var otherFolder = await RefusedAsync(pair, "notes", pair.LocalRoot());
        Assert.Multiple(() =>
        {
            Assert.That(otherFolder.Key, Is.EqualTo("Folder"));
            Assert.That(otherFolder.Message, Does.Contain("'docs'").And.Contain("'notes'").And.Contain(pair.StateDir()));
            Assert.That(otherFolder.Message, Does.Contain("new StateDir and an empty LocalPath").And.Contain("--Folder=docs"));
        });

        string moved = Path.Combine(pair.Root, "moved");
        var otherPath = await RefusedAsync(pair, "docs", moved);
        Assert.Multiple(() =>
        {
            Assert.That(otherPath.Key, Is.EqualTo("LocalPath"));
            Assert.That(otherPath.Message, Does.Contain(pair.LocalRoot()).And.Contain(moved).And.Contain($"--LocalPath={pair.LocalRoot()}"));
            Assert.That(Directory.Exists(moved), Is.False, "a refused start creates nothing");
        });

        using (var store = StateStore.Open(Path.Combine(pair.StateDir(), "client.db")))
        {
            Assert.That(store.GetMeta(MetaKeys.Folder), Is.EqualTo("docs"), "a refused start does not take the state over");
            Assert.That(store.GetMeta(MetaKeys.LocalPath), Is.EqualTo(pair.LocalRoot()));
        }

        await pair.StartClientAsync();
        await pair.IdleAsync();
        Assert.That(File.ReadAllText(pair.Server("mine.txt")), Is.EqualTo("docs only\n"), "its own folder still syncs");
    }

    [Test]
    public async Task State_from_before_the_record_adopts_the_folder_and_local_path_it_is_started_with()
    {
        await using var pair = new EnginePair();
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        File.WriteAllText(pair.Local("old.txt"), "from before the upgrade\n");
        await pair.IdleAsync();
        await pair.StopClientAsync();
        string database = Path.Combine(pair.StateDir(), "client.db");
        ForgetOwner(database);

        await pair.StartClientAsync();
        await pair.IdleAsync();
        await pair.StopClientAsync();
        using (var store = StateStore.Open(database))
        {
            Assert.Multiple(() =>
            {
                Assert.That(store.GetMeta(MetaKeys.Folder), Is.EqualTo("docs"));
                Assert.That(store.GetMeta(MetaKeys.LocalPath), Is.EqualTo(pair.LocalRoot()));
                Assert.That(store.Get(RelativePath.Parse("old.txt")), Is.Not.Null, "the rows it had are kept");
            });
        }

        Assert.That((await RefusedAsync(pair, "notes", pair.LocalRoot())).Key, Is.EqualTo("Folder"), "and from now on it is that folder's");
    }

    private static async Task<ConfigurationException> RefusedAsync(EnginePair pair, string folder, string localPath)
    {
        using var inotify = new InotifyWatcher();
        await using var engine = new SubscribedFolder(
            new SubscribedFolderOptions("127.0.0.1", pair.Port, folder, localPath, pair.StateDir(), "client0", EnginePair.Sync, EnginePair.Health)
            {
                Security = new() { Token = EnginePair.TokenFor(0) },
            },
            inotify,
            NullLogger.Instance);
        return Assert.ThrowsAsync<ConfigurationException>(() => engine.StartAsync(CancellationToken.None))!;
    }

    /// <summary>The state as a client before this record wrote it.</summary>
    private static void ForgetOwner(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM meta WHERE key IN ('folder', 'local_path');";
        Assert.That(command.ExecuteNonQuery(), Is.EqualTo(2));
    }
}
