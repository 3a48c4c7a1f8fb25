using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Watching;

namespace FolderSync.Tests.Folders;

/// <summary>The pairing of a scan's vanished rows with its new entries into moves, by identity (kind, inode; size and mtime of a file).</summary>
[TestFixture]
public sealed class ScanRenamesTests
{
    [Test]
    public void A_renamed_file_is_one_move()
    {
        var renames = ScanRenames.Find([Gone(File("a.txt", inode: 7)), Found(File("b.txt", inode: 7))]);

        Assert.That(renames.Moves, Is.EqualTo(new[] { Move("a.txt", "b.txt", directory: false) }));
        Assert.That(renames.Covers(P("a.txt")) && renames.Covers(P("b.txt")), Is.True);
        Assert.That(renames.Covers(P("c.txt")), Is.False);
    }

    [Test]
    public void A_renamed_directory_is_one_move_that_covers_its_subtree()
    {
        var changes = new List<LocalChange> { Gone(Dir("src", 10)), Found(Dir("lib", 10)) };
        for (int i = 0; i < 50; i++)
        {
            changes.Add(Gone(File($"src/sub/f{i}.txt", inode: 100 + i)));
            changes.Add(Found(File($"lib/sub/f{i}.txt", inode: 100 + i)));
        }

        changes.Add(Gone(Dir("src/sub", 11)));
        changes.Add(Found(Dir("lib/sub", 11)));

        var renames = ScanRenames.Find(changes);

        Assert.That(renames.Moves, Is.EqualTo(new[] { Move("src", "lib", directory: true) }), "one move, not one per file");
        Assert.That(changes.All(c => renames.Covers(c.Path)), Is.True);
        Assert.That(renames.Covers(P("srcfoo")), Is.False, "a sibling sharing the prefix is not under it");
    }

    [Test]
    public void Renames_inside_a_renamed_directory_follow_it_in_order()
    {
        var renames = ScanRenames.Find(
        [
            Gone(Dir("a", 1)), Found(Dir("b", 1)),
            Gone(File("a/x.txt", inode: 2)), Found(File("b/y.txt", inode: 2)),
            Gone(Dir("a/sub", 3)), Found(Dir("c", 3)),
            Gone(File("a/sub/kept.txt", inode: 4)), Found(File("c/kept.txt", inode: 4)),
            Gone(File("a/stays.txt", inode: 5)), Found(File("b/stays.txt", inode: 5)),
        ]);

        Assert.That(renames.Moves, Is.EqualTo(new[]
        {
            Move("a", "b", directory: true),
            Move("b/sub", "c", directory: true),
            Move("b/x.txt", "b/y.txt", directory: false),
        }), "each source where the moves before it left it; a child that moved with its parent is no move of its own");
    }

    [Test]
    public void A_vanished_file_whose_inode_a_new_file_reuses_is_not_a_move()
    {
        var gone = File("old.txt", inode: 9, size: 10, mtime: 1_000);

        Assert.That(ScanRenames.Find([Gone(gone), Found(File("new.txt", inode: 9, size: 11, mtime: 1_000))]).Moves, Is.Empty, "another size");
        Assert.That(ScanRenames.Find([Gone(gone), Found(File("new.txt", inode: 9, size: 10, mtime: 2_000))]).Moves, Is.Empty, "another mtime");
    }

    [Test]
    public void A_kind_change_or_an_inode_on_two_paths_is_not_a_move()
    {
        Assert.That(ScanRenames.Find([Gone(File("a", inode: 5)), Found(Dir("b", 5))]).Moves, Is.Empty, "a file became a directory");
        Assert.That(ScanRenames.Find([Gone(File("a.txt", inode: 5)), Found(File("b.txt", inode: 5)), Found(File("c.txt", inode: 5))]).Moves, Is.Empty, "two new links");
        Assert.That(ScanRenames.Find([Gone(File("a.txt", inode: 5)), Gone(File("b.txt", inode: 5)), Found(File("c.txt", inode: 5))]).Moves, Is.Empty, "two vanished links");
    }

    [Test]
    public void No_pairs_without_both_halves()
    {
        var edited = new LocalChange(P("e.txt"), Entry(File("e.txt", inode: 3, size: 99)), File("e.txt", inode: 3));

        Assert.That(ScanRenames.Find([]).Moves, Is.Empty);
        Assert.That(ScanRenames.Find([Gone(File("a.txt", inode: 1)), Found(File("b.txt", inode: 2))]).Moves, Is.Empty, "other inodes");
        Assert.That(ScanRenames.Find([edited, Found(File("b.txt", inode: 3))]).Moves, Is.Empty, "a path still on disk is no source");
        Assert.That(ScanRenames.Find([Gone(File("a.txt", inode: 4) with { Deleted = true }), Found(File("b.txt", inode: 4))]).Moves, Is.Empty, "a tombstone is no source");
        Assert.That(ScanRenames.None.Covers(P("a.txt")), Is.False);
    }

    private static RelativePath P(string path) => RelativePath.Parse(path);

    private static WatchMove Move(string from, string to, bool directory) => new(P(from), P(to), directory);

    private static FileRecord File(string path, long inode, long size = 6, long mtime = 1_700_000_000_000_000_000) =>
        new(P(path), EntryKind.File, size, mtime, inode, $"sha-{inode}-{size}", FileRecord.ServerOrigin, 1, false, $"sha-{inode}-{size}", false);

    private static FileRecord Dir(string path, long inode) =>
        new(P(path), EntryKind.Directory, 0, 1_700_000_000_000_000_000 + inode, inode, string.Empty, FileRecord.ServerOrigin, 1, false, string.Empty, false);

    private static ScannedEntry Entry(FileRecord record) => new(record.Kind, record.Size, record.MtimeNs, record.Inode, record.Sha256);

    private static LocalChange Gone(FileRecord row) => new(row.Path, null, row);

    private static LocalChange Found(FileRecord onDisk) => new(onDisk.Path, Entry(onDisk), null);
}
