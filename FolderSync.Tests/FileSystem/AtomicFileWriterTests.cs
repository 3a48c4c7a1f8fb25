using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using FolderSync.Common.FileSystem;
using FolderSync.Tests.Support;
using static FolderSync.Tests.Support.FileSystemSandbox;

namespace FolderSync.Tests.FileSystem;

[SupportedOSPlatform("linux")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AtomicFileWriterTests : IDisposable
{
    private readonly FileSystemSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private string[] TempFiles(string relativeDir = "") =>
        Directory.EnumerateFiles(_box.Full(relativeDir), AtomicFileWriter.TempPrefix + "*", SearchOption.AllDirectories).ToArray();

    [Test]
    public void Commit_writes_content_with_exact_mtime_and_mode_0644_and_leaves_no_temp_file()
    {
        byte[] content = Encoding.UTF8.GetBytes("line one\nline two\n");
        const long mtimeNs = 1_700_000_000_123_456_789;

        FileStatus result;
        using (var writer = _box.Root.BeginWrite(P("docs/notes.txt")))
        {
            writer.Write(content.AsSpan(0, 5));
            writer.Write(content.AsSpan(5));
            result = writer.Commit(Sha(content), mtimeNs, ExpectedTarget.Absent);
        }

        string full = _box.Full("docs/notes.txt");
        Assert.That(File.ReadAllBytes(full), Is.EqualTo(content));
        Assert.That(File.GetUnixFileMode(full), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead));
        var stat = _box.Root.Stat(P("docs/notes.txt"));
        Assert.That(stat, Is.EqualTo(result));
        Assert.That(result.MtimeNs, Is.EqualTo(mtimeNs));
        Assert.That(result.Size, Is.EqualTo(content.Length));
        Assert.That(TempFiles(), Is.Empty);
    }

    [Test]
    public async Task WriteAsync_hashes_incrementally_and_replaces_an_existing_file()
    {
        _box.Write("a.txt", "old");
        var expectation = ExpectedTarget.Of(_box.Root.Stat(P("a.txt")));
        byte[] content = Encoding.UTF8.GetBytes("new content");

        using var writer = _box.Root.BeginWrite(P("a.txt"));
        await writer.WriteAsync(content.AsMemory(0, 3));
        await writer.WriteAsync(content.AsMemory(3));
        writer.Commit(Sha(content).ToUpperInvariant(), 0, expectation);

        Assert.That(File.ReadAllText(_box.Full("a.txt")), Is.EqualTo("new content"));
        Assert.That(writer.BytesWritten, Is.EqualTo(content.Length));
    }

    [Test]
    public void A_concurrent_reader_sees_only_the_old_or_the_new_complete_file()
    {
        const int size = 8 << 20;
        byte[] oldContent = new byte[size];
        byte[] newContent = new byte[size];
        Array.Fill(oldContent, (byte)'a');
        Array.Fill(newContent, (byte)'b');
        File.WriteAllBytes(_box.Full("big.txt"), oldContent);
        var expectation = ExpectedTarget.Of(_box.Root.Stat(P("big.txt")));

        var writerTask = Task.Run(() =>
        {
            using var writer = _box.Root.BeginWrite(P("big.txt"));
            for (int offset = 0; offset < size; offset += 64 << 10)
            {
                writer.Write(newContent.AsSpan(offset, 64 << 10));
            }

            writer.Commit(Sha(newContent), 0, expectation);
        });

        int reads = 0;
        int sawNew = 0;
        while (true)
        {
            bool done = writerTask.IsCompleted;
            byte[] seen = File.ReadAllBytes(_box.Full("big.txt"));
            reads++;
            bool isOld = seen.AsSpan().SequenceEqual(oldContent);
            bool isNew = seen.AsSpan().SequenceEqual(newContent);
            Assert.That(isOld || isNew, Is.True, $"read {reads} saw {seen.Length} bytes that are neither version");
            sawNew += isNew ? 1 : 0;
            if (done)
            {
                break;
            }
        }

        writerTask.GetAwaiter().GetResult();
        Assert.That(sawNew, Is.GreaterThan(0));
        Assert.That(TempFiles(), Is.Empty);
    }

    [Test]
    public void Abort_and_dispose_without_commit_remove_the_temp_file()
    {
        _box.Write("keep.txt", "old");
        var aborted = _box.Root.BeginWrite(P("keep.txt"));
        aborted.Write("partial"u8);
        Assert.That(TempFiles(), Has.Length.EqualTo(1));
        aborted.Abort();
        Assert.That(TempFiles(), Is.Empty);

        using (var disposed = _box.Root.BeginWrite(P("keep.txt")))
        {
            disposed.Write("cut mid-body"u8);
        }

        Assert.That(TempFiles(), Is.Empty);
        Assert.That(File.ReadAllText(_box.Full("keep.txt")), Is.EqualTo("old"));
    }

    [Test]
    public void Hash_mismatch_writes_nothing()
    {
        _box.Write("a.txt", "old");
        using var writer = _box.Root.BeginWrite(P("a.txt"));
        writer.Write("tampered"u8);

        var error = Assert.Throws<HashMismatchException>(() => writer.Commit(Sha("expected"u8.ToArray()), 0, ExpectedTarget.Any));

        Assert.That(error!.ActualSha256, Is.EqualTo(Sha("tampered"u8.ToArray())));
        Assert.That(File.ReadAllText(_box.Full("a.txt")), Is.EqualTo("old"));
        Assert.That(TempFiles(), Is.Empty);
    }

    [Test]
    public void A_target_edited_after_the_scan_is_never_overwritten()
    {
        _box.Write("a.txt", "scanned");
        var expectation = ExpectedTarget.Of(_box.Root.Stat(P("a.txt")));
        using var writer = _box.Root.BeginWrite(P("a.txt"));
        writer.Write("remote"u8);
        byte[] freshEdit = Encoding.UTF8.GetBytes("scanned + the user's fresh edit");
        File.WriteAllBytes(_box.Full("a.txt"), freshEdit);

        var error = Assert.Throws<TargetChangedException>(() => writer.Commit(Sha("remote"u8.ToArray()), 0, expectation));

        Assert.That(error!.Actual?.Size, Is.EqualTo(freshEdit.Length));
        Assert.That(File.ReadAllBytes(_box.Full("a.txt")), Is.EqualTo(freshEdit));
        Assert.That(TempFiles(), Is.Empty);
    }

    [Test]
    public void A_target_replaced_by_rename_with_same_size_is_detected_by_inode()
    {
        _box.Write("a.txt", "version1");
        var expectation = ExpectedTarget.Of(_box.Root.Stat(P("a.txt")));
        using var writer = _box.Root.BeginWrite(P("a.txt"));
        writer.Write("remote"u8);
        // An editor's save: new inode, same size; mtime forced back to the scanned value.
        string temp = _box.Write("b.tmp", "version2");
        File.SetLastWriteTimeUtc(temp, DateTime.UnixEpoch.AddTicks(expectation.MtimeNs / 100));
        File.Move(temp, _box.Full("a.txt"), overwrite: true);

        Assert.Throws<TargetChangedException>(() => writer.Commit(Sha("remote"u8.ToArray()), 0, expectation));
        Assert.That(File.ReadAllText(_box.Full("a.txt")), Is.EqualTo("version2"));
    }

    [Test]
    public void A_create_never_replaces_a_file_that_appeared_meanwhile()
    {
        using var writer = _box.Root.BeginWrite(P("new.txt"));
        writer.Write("remote"u8);
        _box.Write("new.txt", "local create");

        Assert.Throws<TargetChangedException>(() => writer.Commit(Sha("remote"u8.ToArray()), 0, ExpectedTarget.Absent));
        Assert.That(File.ReadAllText(_box.Full("new.txt")), Is.EqualTo("local create"));
        Assert.That(TempFiles(), Is.Empty);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_symlinked_directory_in_the_path_is_refused(bool createParents)
    {
        File.CreateSymbolicLink(_box.Full("a"), _box.OutsidePath);

        Assert.Throws<UnsafePathException>(() => _box.Root.BeginWrite(P("a/x.txt"), createParents));
        Assert.Throws<UnsafePathException>(() => _box.Root.BeginWrite(P("a/sentinel.txt"), createParents));
        _box.AssertOutsideUntouched();
    }

    [Test]
    public void A_directory_swapped_for_a_symlink_during_the_transfer_is_refused_at_commit()
    {
        Directory.CreateDirectory(_box.Full("a"));
        using var writer = _box.Root.BeginWrite(P("a/x.txt"));
        writer.Write("payload"u8);
        Directory.Move(_box.Full("a"), _box.Full("a-moved"));
        File.CreateSymbolicLink(_box.Full("a"), _box.OutsidePath);

        Assert.Throws<UnsafePathException>(() => writer.Commit(Sha("payload"u8.ToArray()), 0, ExpectedTarget.Absent));

        _box.AssertOutsideUntouched();
        Assert.That(Directory.EnumerateFileSystemEntries(_box.Full("a-moved")), Is.Empty);
    }

    [Test]
    public void Writing_over_a_symlink_is_refused_and_the_link_target_is_untouched()
    {
        File.CreateSymbolicLink(_box.Full("link.txt"), Path.Combine(_box.OutsidePath, "sentinel.txt"));
        using var writer = _box.Root.BeginWrite(P("link.txt"));
        writer.Write("payload"u8);

        Assert.Throws<UnsafePathException>(() => writer.Commit(Sha("payload"u8.ToArray()), 0, ExpectedTarget.Any));

        Assert.That(new FileInfo(_box.Full("link.txt")).LinkTarget, Is.Not.Null);
        _box.AssertOutsideUntouched();
        Assert.That(TempFiles(), Is.Empty);
    }

    [Test]
    public void Writing_over_a_directory_is_refused()
    {
        Directory.CreateDirectory(_box.Full("dir"));
        using var writer = _box.Root.BeginWrite(P("dir"));
        writer.Write("payload"u8);

        var error = Assert.Throws<FileOperationException>(() => writer.Commit(Sha("payload"u8.ToArray()), 0, ExpectedTarget.Any));

        Assert.That(error!.Errno, Is.EqualTo(Errno.EISDIR));
        Assert.That(Directory.Exists(_box.Full("dir")), Is.True);
    }

    [Test]
    public void Committing_with_a_trash_keeps_the_replaced_content()
    {
        _box.Write("a.txt", "previous");
        using var trash = Trash.ForStateDir(_box.StatePath);
        using var writer = _box.Root.BeginWrite(P("a.txt"));
        writer.Write("next"u8);
        writer.Commit(Sha("next"u8.ToArray()), 0, ExpectedTarget.Any, trash: trash);

        var kept = Directory.EnumerateFiles(trash.Directory, "a.txt", SearchOption.AllDirectories).ToArray();
        Assert.That(kept, Has.Length.EqualTo(1));
        Assert.That(File.ReadAllText(kept[0]), Is.EqualTo("previous"));
        Assert.That(File.ReadAllText(_box.Full("a.txt")), Is.EqualTo("next"));
    }

    [Test]
    public void A_full_disk_throws_DiskFullException_and_keeps_the_old_file()
    {
        string small = Path.Combine(_box.Base, "small");
        if (!_box.TryMountTmpfs(small, "1m"))
        {
            Assert.Ignore("cannot mount a tmpfs here (needs root)");
        }

        File.WriteAllText(Path.Combine(small, "a.txt"), "old content");
        using var root = FolderRoot.Open(small);
        using var writer = root.BeginWrite(P("a.txt"));
        byte[] slice = new byte[64 << 10];

        var error = Assert.Throws<DiskFullException>(() =>
        {
            for (int i = 0; i < 64; i++)
            {
                writer.Write(slice);
            }
        });

        Assert.That(error!.Errno, Is.EqualTo(Errno.ENOSPC));
        Assert.That(error.Message, Does.Contain("disk full"));
        Assert.That(File.ReadAllText(Path.Combine(small, "a.txt")), Is.EqualTo("old content"));
        Assert.That(Directory.EnumerateFiles(small), Has.Exactly(1).Items);
    }
}
