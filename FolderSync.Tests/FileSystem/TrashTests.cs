using System.Runtime.Versioning;
using FolderSync.Common.FileSystem;
using FolderSync.Tests.Support;
using static FolderSync.Tests.Support.FileSystemSandbox;

namespace FolderSync.Tests.FileSystem;

[SupportedOSPlatform("linux")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class TrashTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly FileSystemSandbox _box = new();
    private readonly ManualTime _time = new(Start);

    public void Dispose() => _box.Dispose();

    [Test]
    public void Keep_moves_the_file_under_a_timestamped_batch()
    {
        _box.Write("docs/a.txt", "precious");
        using var trash = Trash.ForStateDir(_box.StatePath, time: _time);

        string? kept = trash.Keep(_box.Root, P("docs/a.txt"));

        Assert.That(kept, Is.EqualTo(Path.Combine(_box.StatePath, "trash", "20260110-120000-000", "docs", "a.txt")));
        Assert.That(File.ReadAllText(kept!), Is.EqualTo("precious"));
        Assert.That(File.Exists(_box.Full("docs/a.txt")), Is.False);
        Assert.That(trash.Keep(_box.Root, P("docs/a.txt")), Is.Null);
    }

    [Test]
    public void Two_keeps_of_the_same_path_in_the_same_millisecond_both_survive()
    {
        using var trash = Trash.ForStateDir(_box.StatePath, time: _time);
        _box.Write("a.txt", "first");
        string? first = trash.Keep(_box.Root, P("a.txt"));
        _box.Write("a.txt", "second");
        string? second = trash.Keep(_box.Root, P("a.txt"));

        Assert.That(first, Is.Not.EqualTo(second));
        Assert.That(File.ReadAllText(first!), Is.EqualTo("first"));
        Assert.That(File.ReadAllText(second!), Is.EqualTo("second"));
    }

    [Test]
    public void DeleteFile_and_RemoveTree_with_a_trash_keep_the_content()
    {
        using var trash = Trash.ForStateDir(_box.StatePath, time: _time);
        _box.Write("a.txt", "deleted file");
        _box.Write("tree/sub/b.txt", "file in a deleted tree");

        _box.Root.DeleteFile(P("a.txt"), ExpectedTarget.Any, trash);
        _box.Root.RemoveTree(P("tree"), trash);

        var kept = Directory.EnumerateFiles(trash.Directory, "*", SearchOption.AllDirectories).Select(File.ReadAllText);
        Assert.That(kept, Is.EquivalentTo(new[] { "deleted file", "file in a deleted tree" }));
        Assert.That(Directory.EnumerateFileSystemEntries(_box.RootPath), Is.Empty);
    }

    [Test]
    public void Prune_removes_batches_past_the_age_limit()
    {
        using var trash = Trash.ForStateDir(_box.StatePath, new TrashRetention(TimeSpan.FromDays(30), 1L << 30), _time);
        _box.Write("old.txt", "old");
        trash.Keep(_box.Root, P("old.txt"));
        _time.Now = Start.AddDays(20);
        _box.Write("new.txt", "new");
        string? recent = trash.Keep(_box.Root, P("new.txt"));

        long freed = trash.Prune(Start.AddDays(31));

        Assert.That(freed, Is.EqualTo(3));
        Assert.That(Directory.EnumerateFiles(trash.Directory, "*", SearchOption.AllDirectories), Is.EqualTo(new[] { recent }));
    }

    [Test]
    public void Prune_removes_the_oldest_batches_past_the_size_limit()
    {
        using var trash = Trash.ForStateDir(_box.StatePath, new TrashRetention(TimeSpan.FromDays(30), 250), _time);
        var kept = new List<string?>();
        for (int i = 0; i < 3; i++)
        {
            _time.Now = Start.AddMinutes(i);
            _box.Write($"f{i}.txt", new string('x', 100));
            kept.Add(trash.Keep(_box.Root, P($"f{i}.txt")));
        }

        long freed = trash.Prune(Start.AddHours(1));

        Assert.That(freed, Is.EqualTo(100));
        Assert.That(Directory.EnumerateFiles(trash.Directory, "*", SearchOption.AllDirectories), Is.EquivalentTo(kept.Skip(1)));
    }

    [Test]
    public void Keep_copies_when_the_trash_is_on_another_file_system()
    {
        string small = Path.Combine(_box.Base, "tmpfs-state");
        if (!_box.TryMountTmpfs(small, "4m"))
        {
            Assert.Ignore("cannot mount a tmpfs here (needs root)");
        }

        using var trash = Trash.ForStateDir(small, time: _time);
        _box.Write("a.txt", "crosses devices");
        _box.Write("b.txt", "overwritten");

        string? kept = trash.Keep(_box.Root, P("a.txt"));
        string? copy = trash.KeepCopy(_box.Root, P("b.txt"));

        Assert.That(File.ReadAllText(kept!), Is.EqualTo("crosses devices"));
        Assert.That(File.Exists(_box.Full("a.txt")), Is.False);
        Assert.That(File.ReadAllText(copy!), Is.EqualTo("overwritten"));
        Assert.That(File.ReadAllText(_box.Full("b.txt")), Is.EqualTo("overwritten"));
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
