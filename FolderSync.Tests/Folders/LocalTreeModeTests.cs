using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Folders;

/// <summary>A chmod changes neither size, mtime nor inode: the scan finds it by the mode alone and reads no content.</summary>
public sealed class LocalTreeModeTests
{
    [Test]
    public async Task A_chmod_is_a_metadata_only_change_found_without_rehashing()
    {
        using var dir = new StoreScanTempDirectory();
        using var stateDir = new StoreScanTempDirectory();
        string file = dir.Write("run.sh", "echo hi\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var store = StateStore.Open(stateDir.Combine("folder.db"));
        var tree = new LocalTree(dir.Path, ScanOptions.Default, store);
        Record(store, await tree.ScanAllAsync(CancellationToken.None));
        Assert.That(store.Get(RelativePath.Parse("run.sh"))!.Mode, Is.EqualTo(0x1A4));
        Assert.That(await tree.ScanAllAsync(CancellationToken.None), Is.Empty, "an unchanged tree has no changes");

        File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserExecute | UnixFileMode.SetUser);
        var changes = await tree.ScanAllAsync(CancellationToken.None);

        Assert.That(changes, Has.Count.EqualTo(1));
        Assert.That((changes[0].MetadataOnly, changes[0].ModeChanged, changes[0].Now!.Mode), Is.EqualTo((true, true, (int?)0x1E4)), "0744, setuid dropped");
        Assert.That(tree.LastHashedCount, Is.Zero, "the content was not read again");
    }

    [Test]
    public async Task A_row_of_unknown_mode_learns_it_without_calling_it_a_chmod()
    {
        using var dir = new StoreScanTempDirectory();
        using var stateDir = new StoreScanTempDirectory();
        dir.Write("old.txt", "from before modes\n");
        using var store = StateStore.Open(stateDir.Combine("folder.db"));
        var tree = new LocalTree(dir.Path, ScanOptions.Default, store);
        Record(store, await tree.ScanAllAsync(CancellationToken.None), keepMode: false);

        var changes = await tree.ScanAllAsync(CancellationToken.None);

        Assert.That(changes, Has.Count.EqualTo(1));
        Assert.That((changes[0].MetadataOnly, changes[0].ModeChanged), Is.EqualTo((true, false)));
        Assert.That(tree.LastHashedCount, Is.Zero);
    }

    private static void Record(StateStore store, IReadOnlyList<LocalChange> changes, bool keepMode = true)
    {
        using var batch = store.BeginBatch();
        foreach (var change in changes)
        {
            var now = change.Now!;
            batch.Upsert(new FileRecord(change.Path, now.Kind, now.Size, now.MtimeNs, now.Inode, now.Sha256, FileRecord.ServerOrigin, 1, false, null, false)
            {
                Mode = keepMode ? now.Mode : null,
            });
        }

        batch.Commit();
    }
}
