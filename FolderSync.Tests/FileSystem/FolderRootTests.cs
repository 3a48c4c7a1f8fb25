using System.Runtime.Versioning;
using FolderSync.Common.FileSystem;
using FolderSync.Tests.Support;
using static FolderSync.Tests.Support.FileSystemSandbox;

namespace FolderSync.Tests.FileSystem;

[SupportedOSPlatform("linux")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class FolderRootTests : IDisposable
{
    private readonly FileSystemSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Test]
    public void Stat_reports_kind_size_and_inode_without_following_symlinks()
    {
        _box.Write("d/f.txt", "12345");
        File.CreateSymbolicLink(_box.Full("link"), _box.OutsidePath);

        var file = _box.Root.Stat(P("d/f.txt"));
        Assert.That(file?.Kind, Is.EqualTo(NodeKind.File));
        Assert.That(file?.Size, Is.EqualTo(5));
        Assert.That(file?.Inode, Is.Not.Zero);
        Assert.That(_box.Root.Stat(P("d"))?.Kind, Is.EqualTo(NodeKind.Directory));
        Assert.That(_box.Root.Stat(P("link"))?.IsSymlink, Is.True);
        Assert.That(_box.Root.Stat(P("missing/x")), Is.Null);
        Assert.That(_box.Root.Stat(P("d/f.txt/x")), Is.Null);
        Assert.Throws<UnsafePathException>(() => _box.Root.Stat(P("link/sentinel.txt")));
    }

    [Test]
    public void Move_creates_parents_and_keeps_the_inode()
    {
        _box.Write("a.txt", "content");
        var before = _box.Root.Stat(P("a.txt"));

        var moved = _box.Root.Move(P("a.txt"), P("x/y/b.txt"), ExpectedTarget.Of(before));

        Assert.That(moved.Inode, Is.EqualTo(before!.Value.Inode));
        Assert.That(File.Exists(_box.Full("a.txt")), Is.False);
        Assert.That(File.ReadAllText(_box.Full("x/y/b.txt")), Is.EqualTo("content"));
    }

    [Test]
    public void Move_never_replaces_an_existing_target()
    {
        _box.Write("a.txt", "source");
        _box.Write("b.txt", "existing target");

        Assert.Throws<TargetChangedException>(() => _box.Root.Move(P("a.txt"), P("b.txt"), ExpectedTarget.Any));

        Assert.That(File.ReadAllText(_box.Full("a.txt")), Is.EqualTo("source"));
        Assert.That(File.ReadAllText(_box.Full("b.txt")), Is.EqualTo("existing target"));
    }

    [Test]
    public void Move_of_a_changed_source_or_a_symlink_is_refused()
    {
        _box.Write("a.txt", "scanned");
        var expectation = ExpectedTarget.Of(_box.Root.Stat(P("a.txt")));
        File.AppendAllText(_box.Full("a.txt"), " and edited");
        File.CreateSymbolicLink(_box.Full("link"), _box.OutsidePath);

        Assert.Throws<TargetChangedException>(() => _box.Root.Move(P("a.txt"), P("b.txt"), expectation));
        Assert.Throws<UnsafePathException>(() => _box.Root.Move(P("link"), P("moved"), ExpectedTarget.Any));
        Assert.That(File.Exists(_box.Full("b.txt")), Is.False);
        Assert.That(new FileInfo(_box.Full("link")).LinkTarget, Is.Not.Null);
    }

    [Test]
    public void Move_of_a_directory_moves_its_content()
    {
        _box.Write("d/a.txt", "a");

        _box.Root.Move(P("d"), P("e/d2"), ExpectedTarget.Directory);

        Assert.That(File.ReadAllText(_box.Full("e/d2/a.txt")), Is.EqualTo("a"));
        Assert.Throws<FileOperationException>(() => _box.Root.Move(P("e"), P("e/inner"), ExpectedTarget.Directory));
    }

    [Test]
    public void SetMode_changes_only_the_rwx_bits_in_place_after_verifying_and_never_through_a_symlink()
    {
        _box.Write("run.sh", "echo hi");
        var before = _box.Root.Stat(P("run.sh"))!.Value;
        string sentinel = Path.Combine(_box.OutsidePath, "sentinel.txt");
        var outsideMode = File.GetUnixFileMode(sentinel);
        File.CreateSymbolicLink(_box.Full("link.sh"), sentinel);

        var after = _box.Root.SetMode(P("run.sh"), 0xFED, ExpectedTarget.Of(before));

        Assert.That((after.Mode, after.Inode, after.MtimeNs, after.Size), Is.EqualTo((0x1EDu, before.Inode, before.MtimeNs, before.Size)), "0755: setuid, setgid and sticky dropped; same file");
        Assert.Throws<UnsafePathException>(() => _box.Root.SetMode(P("link.sh"), 0x1FF, ExpectedTarget.Any));
        Assert.That(File.GetUnixFileMode(sentinel), Is.EqualTo(outsideMode));
        _box.AssertOutsideUntouched();

        File.WriteAllText(_box.Full("run.sh"), "edited since the scan");
        Assert.Throws<TargetChangedException>(() => _box.Root.SetMode(P("run.sh"), 0x1A4, ExpectedTarget.Of(before)));
        Assert.That(File.GetUnixFileMode(_box.Full("run.sh")) & (UnixFileMode)0x1FF, Is.EqualTo((UnixFileMode)0x1ED), "left alone");
        Assert.Throws<TargetChangedException>(() => _box.Root.SetMode(P("gone.sh"), 0x1A4, ExpectedTarget.Any));
    }

    [Test]
    public void DeleteFile_verifies_then_unlinks_and_never_touches_symlinks()
    {
        _box.Write("a.txt", "scanned");
        var expectation = ExpectedTarget.Of(_box.Root.Stat(P("a.txt")));
        File.CreateSymbolicLink(_box.Full("link.txt"), Path.Combine(_box.OutsidePath, "sentinel.txt"));

        Assert.Throws<UnsafePathException>(() => _box.Root.DeleteFile(P("link.txt"), ExpectedTarget.Any));
        Assert.That(new FileInfo(_box.Full("link.txt")).LinkTarget, Is.Not.Null);
        _box.AssertOutsideUntouched();

        File.WriteAllText(_box.Full("a.txt"), "edited!");
        Assert.Throws<TargetChangedException>(() => _box.Root.DeleteFile(P("a.txt"), expectation));
        Assert.That(File.ReadAllText(_box.Full("a.txt")), Is.EqualTo("edited!"));

        _box.Root.DeleteFile(P("a.txt"), ExpectedTarget.Of(_box.Root.Stat(P("a.txt"))));
        Assert.That(File.Exists(_box.Full("a.txt")), Is.False);
        Assert.DoesNotThrow(() => _box.Root.DeleteFile(P("a.txt"), ExpectedTarget.Any));
    }

    [Test]
    public void CreateDirectory_and_RemoveDirectory()
    {
        _box.Root.CreateDirectory(P("a/b/c"));
        _box.Root.CreateDirectory(P("a/b/c"));
        Assert.That(Directory.Exists(_box.Full("a/b/c")), Is.True);
        Assert.That(File.GetUnixFileMode(_box.Full("a/b")) & UnixFileMode.OtherWrite, Is.EqualTo(UnixFileMode.None));

        var error = Assert.Throws<FileOperationException>(() => _box.Root.RemoveDirectory(P("a/b")));
        Assert.That(error!.Errno, Is.EqualTo(Errno.ENOTEMPTY));
        Assert.That(error.Message, Does.Contain("ENOTEMPTY"));

        _box.Root.RemoveDirectory(P("a/b/c"));
        Assert.That(Directory.Exists(_box.Full("a/b/c")), Is.False);
        Assert.That(Directory.Exists(_box.Full("a/b")), Is.True);
    }

    [Test]
    public void CreateDirectory_through_a_symlink_is_refused()
    {
        File.CreateSymbolicLink(_box.Full("a"), _box.OutsidePath);

        Assert.Throws<UnsafePathException>(() => _box.Root.CreateDirectory(P("a/new")));
        _box.AssertOutsideUntouched();
    }

    [Test]
    public void RemoveTree_removes_files_and_dirs_but_never_follows_a_symlink()
    {
        _box.Write("tree/a.txt", "a");
        _box.Write("tree/sub/b.txt", "b");
        _box.Write("tree/other/c.txt", "c");
        File.CreateSymbolicLink(_box.Full("tree/sub/escape"), _box.OutsidePath);

        var kept = _box.Root.RemoveTree(P("tree"));

        Assert.That(kept, Is.EqualTo(new[] { P("tree/sub/escape") }));
        _box.AssertOutsideUntouched();
        Assert.That(File.Exists(_box.Full("tree/a.txt")), Is.False);
        Assert.That(File.Exists(_box.Full("tree/sub/b.txt")), Is.False);
        Assert.That(Directory.Exists(_box.Full("tree/other")), Is.False);
        Assert.That(new FileInfo(_box.Full("tree/sub/escape")).LinkTarget, Is.Not.Null);
    }

    [Test]
    public void RemoveTree_without_symlinks_removes_everything()
    {
        _box.Write("tree/sub/deeper/b.txt", "b");

        Assert.That(_box.Root.RemoveTree(P("tree")), Is.Empty);
        Assert.That(Directory.Exists(_box.Full("tree")), Is.False);
    }

    [Test]
    public void OpenRead_reads_a_file_and_refuses_a_symlink()
    {
        _box.Write("a.txt", "hello");
        File.CreateSymbolicLink(_box.Full("link.txt"), Path.Combine(_box.OutsidePath, "sentinel.txt"));

        using (var stream = _box.Root.OpenRead(P("a.txt")))
        using (var reader = new StreamReader(stream))
        {
            Assert.That(reader.ReadToEnd(), Is.EqualTo("hello"));
        }

        Assert.Throws<UnsafePathException>(() => _box.Root.OpenRead(P("link.txt")).Dispose());
        var missing = Assert.Throws<FileOperationException>(() => _box.Root.OpenRead(P("nope.txt")).Dispose());
        Assert.That(missing!.Errno, Is.EqualTo(Errno.ENOENT));
    }
}
