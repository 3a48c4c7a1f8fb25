using FolderSync.Client.Engine;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FolderSync.Tests.Engine;

/// <summary>
/// The watcher reports every file a burst of downloads renames into place. Those echoes must not cost a syncfs each
/// (a first sync of 20,000 files made ~9,500), yet a real local change among them is scanned against committed rows.
/// </summary>
public sealed class OwnWriteEchoTests
{
    private string _dir = null!;
    private StateStore _store = null!;
    private FolderRoot _root = null!;
    private Trash _trash = null!;
    private ChangeApplier _applier = null!;
    private int _flushes;

    private string Folder => Path.Combine(_dir, "folder");

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("foldersync-echo-").FullName;
        Directory.CreateDirectory(Folder);
        _store = StateStore.Open(Path.Combine(_dir, "client.db"));
        _root = FolderRoot.Open(Folder);
        _trash = Trash.ForStateDir(_dir);
        _flushes = 0;
        _applier = new ChangeApplier(_store, _root, _trash, "laptop", new WorkQueue(), NullLogger.Instance, syncData: () =>
        {
            _flushes++;
            _root.SyncFileSystem();
        });
    }

    [TearDown]
    public void TearDown()
    {
        _trash.Dispose();
        _root.Dispose();
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void Echoes_of_the_bursts_own_writes_are_dropped_without_a_flush()
    {
        var paths = ApplyBurst("a.txt", "sub/b.txt", "sub/c.txt");

        var rest = _applier.SettleOwnWrites(paths);

        Assert.That(rest, Is.Empty, "each file is as its pending row says: nothing to scan");
        Assert.That(_flushes, Is.Zero, "no syncfs for the watcher's echoes");
        Assert.That(paths.Count(p => _store.Get(p) is not null), Is.Zero, "and no row committed before its flush");
    }

    [Test]
    public void A_local_edit_after_our_write_is_scanned_against_committed_rows()
    {
        var paths = ApplyBurst("a.txt", "b.txt");
        File.WriteAllText(Path.Combine(Folder, "b.txt"), "edited here, longer than before\n");

        var rest = _applier.SettleOwnWrites(paths);

        Assert.That(rest, Is.EqualTo(new[] { paths[1] }), "only the edited file is left to scan");
        Assert.That(_flushes, Is.EqualTo(1), "one syncfs for the burst");
        Assert.That(paths.Select(p => _store.Get(p)?.Sequence), Is.EqualTo(new long?[] { 7, 7 }), "its rows committed before the scan compares with them");
    }

    [Test]
    public void A_directory_that_holds_a_pending_row_commits_the_burst_first()
    {
        var paths = ApplyBurst("new/a.txt");
        var directory = RelativePath.Parse("new");

        var rest = _applier.SettleOwnWrites([directory]);

        Assert.That(rest, Is.EqualTo(new[] { directory }));
        Assert.That(_flushes, Is.EqualTo(1), "a new directory's scan sees what it holds, so the rows commit first");
        Assert.That(_store.Get(paths[0]), Is.Not.Null);
    }

    [Test]
    public void A_path_outside_the_burst_is_scanned_without_a_flush()
    {
        ApplyBurst("a.txt");
        var other = RelativePath.Parse("mine.txt");
        File.WriteAllText(Path.Combine(Folder, "mine.txt"), "a local create\n");

        var rest = _applier.SettleOwnWrites([other]);

        Assert.That(rest, Is.EqualTo(new[] { other }));
        Assert.That(_flushes, Is.Zero, "its row is not in the burst");
    }

    private List<RelativePath> ApplyBurst(params string[] names)
    {
        var paths = names.Select(RelativePath.Parse).ToList();
        foreach (var path in paths)
        {
            ReceivedFile.Apply(_root, _applier, path);
            _applier.CommitAppliedRowsUnless(burstContinues: true);
        }

        return paths;
    }
}
