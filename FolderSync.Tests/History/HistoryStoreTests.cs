using System.Security.Cryptography;
using System.Text;
using FolderSync.Server.History;

namespace FolderSync.Tests.History;

public sealed class HistoryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private string _dir = null!;
    private HistoryStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("foldersync-history-").FullName;
        _store = HistoryStore.Open(Path.Combine(_dir, "history.db"));
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void A_recorded_version_reads_back_byte_for_byte()
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\n")));

        var version = Record("a.txt", text, T0);

        Assert.That(version.Stored, Is.True);
        Assert.That(Read(Sha(text)), Is.EqualTo(text));
        Assert.That(_store.Versions("a.txt").Single().Entry.Sha256, Is.EqualTo(Sha(text)));
    }

    [Test]
    public void The_same_content_twice_is_stored_once()
    {
        byte[] text = Encoding.UTF8.GetBytes("same\n");
        Record("a.txt", text, T0);
        long once = _store.StoredBytes;

        Record("b.txt", text, T0.AddMinutes(1));

        Assert.That(_store.StoredBytes, Is.EqualTo(once));
        Assert.That(_store.Versions("b.txt").Single().Stored, Is.True);
    }

    [Test]
    public void Content_that_changed_since_it_was_accepted_is_kept_as_a_row_without_content()
    {
        var entry = Entry("a.txt", Sha(Encoding.UTF8.GetBytes("what was accepted\n")), 18, T0);

        var version = _store.Record(entry, new MemoryStream(Encoding.UTF8.GetBytes("what the disk holds now\n")));

        Assert.That(version.Stored, Is.False);
        Assert.That(_store.HasContent(entry.Sha256), Is.False);
        Assert.That(_store.StoredBytes, Is.Zero, "the chunks of the rejected content were rolled back");
    }

    [Test]
    public void A_batch_records_each_row_in_one_transaction_and_opens_only_contents_it_lacks()
    {
        byte[] text = Encoding.UTF8.GetBytes("kept\n");
        var opened = new List<string>();
        var changed = new MemoryStream(Encoding.UTF8.GetBytes("changed since\n"));
        Func<Stream?> Open(string path, Stream content) => () =>
        {
            opened.Add(path);
            return content;
        };

        var versions = _store.Record([
            (Entry("a.txt", Sha(text), text.Length, T0), Open("a.txt", new MemoryStream(text))),
            (Entry("b.txt", Sha(Encoding.UTF8.GetBytes("accepted\n")), 9, T0), Open("b.txt", changed)),
            (Entry("c.txt", Sha(text), text.Length, T0), Open("c.txt", new MemoryStream(text))),
        ]);

        Assert.That(versions.Select(v => v.Stored), Is.EqualTo(new[] { true, false, true }));
        Assert.That(opened, Is.EqualTo(new[] { "a.txt", "b.txt" }), "c.txt's content was stored earlier in the same batch");
        Assert.That(changed.CanRead, Is.False, "the store disposes what it opened");
        Assert.That(Read(Sha(text)), Is.EqualTo(text));
        Assert.That(_store.Versions("c.txt").Single().Stored, Is.True);
    }

    [Test]
    public void A_row_recorded_without_content_gets_it_later_only_from_bytes_that_hash_right()
    {
        byte[] text = Encoding.UTF8.GetBytes("found by the first scan\n");
        _store.Record(Entry("a.txt", Sha(text), text.Length, T0), null);
        _store.Record(Entry("b.txt", Sha(text), text.Length, T0), null);
        _store.Record(Entry("c.txt", Sha(Encoding.UTF8.GetBytes("was\n")), 4, T0), null);

        var unstored = _store.Unstored(0, 10);
        int attached = _store.Attach([
            (unstored[0], () => new MemoryStream(text)),
            (unstored[1], () => throw new AssertionException("b.txt's content is stored by a.txt's")),
            (unstored[2], () => new MemoryStream(Encoding.UTF8.GetBytes("is now\n"))),
        ]);

        Assert.That(unstored.Select(v => v.Entry.Path), Is.EqualTo(new[] { "a.txt", "b.txt", "c.txt" }));
        Assert.That(attached, Is.EqualTo(2));
        Assert.That(Read(Sha(text)), Is.EqualTo(text));
        Assert.That(_store.Unstored(0, 10).Select(v => v.Entry.Path), Is.EqualTo(new[] { "c.txt" }));
        Assert.That(_store.Unstored(unstored[2].Id, 10), Is.Empty);
    }

    [Test]
    public void Deleted_lists_paths_whose_newest_row_is_a_delete()
    {
        Record("gone.txt", Encoding.UTF8.GetBytes("v1\n"), T0);
        _store.Record(new HistoryEntry("gone.txt", 2, T0.AddMinutes(1), HistoryKind.Deleted, 0, string.Empty, "server"), null);
        Record("back.txt", Encoding.UTF8.GetBytes("v1\n"), T0);
        _store.Record(new HistoryEntry("back.txt", 4, T0.AddMinutes(1), HistoryKind.Deleted, 0, string.Empty, "server"), null);
        Record("back.txt", Encoding.UTF8.GetBytes("v2\n"), T0.AddMinutes(2));

        Assert.That(_store.Deleted().Select(v => v.Entry.Path), Is.EqualTo(new[] { "gone.txt" }));
    }

    [Test]
    public void Latest_before_a_time_finds_the_version_then_current()
    {
        Record("a.txt", Encoding.UTF8.GetBytes("v1\n"), T0);
        Record("a.txt", Encoding.UTF8.GetBytes("v2\n"), T0.AddHours(1));

        Assert.That(_store.LatestBefore("a.txt", T0.AddMinutes(30))!.Entry.Sha256, Is.EqualTo(Sha(Encoding.UTF8.GetBytes("v1\n"))));
        Assert.That(_store.LatestBefore("a.txt", T0.AddMinutes(-1)), Is.Null);
    }

    [Test]
    public void Retention_by_age_keeps_each_paths_newest_version_and_frees_the_rest()
    {
        byte[] v1 = Encoding.UTF8.GetBytes("first\n"), v2 = Encoding.UTF8.GetBytes("second\n");
        Record("a.txt", v1, T0);
        Record("a.txt", v2, T0.AddDays(10));

        var result = _store.Prune(T0.AddDays(5), long.MaxValue);

        Assert.That(result.VersionsRemoved, Is.EqualTo(1));
        Assert.That(result.ContentsRemoved, Is.EqualTo(1));
        Assert.That(_store.HasContent(Sha(v1)), Is.False);
        Assert.That(Read(Sha(v2)), Is.EqualTo(v2));
    }

    [Test]
    public void Retention_by_size_drops_the_oldest_versions_first()
    {
        var random = new Random(7);
        var contents = Enumerable.Range(0, 6).Select(_ => RandomText(random, 64 * 1024)).ToList();
        for (int i = 0; i < contents.Count; i++)
        {
            Record("a.txt", contents[i], T0.AddMinutes(i));
        }

        long budget = _store.StoredBytes / 2;
        var result = _store.Prune(T0.AddDays(-1), budget);

        Assert.That(result.StoredBytes, Is.LessThanOrEqualTo(budget));
        Assert.That(_store.HasContent(Sha(contents[^1])), Is.True, "the newest version goes last");
        Assert.That(_store.HasContent(Sha(contents[0])), Is.False, "the oldest version goes first");
    }

    [Test]
    public void A_thousand_one_line_edits_of_a_one_MiB_file_cost_under_20_MiB()
    {
        var random = new Random(42);
        var lines = Encoding.UTF8.GetString(RandomText(random, 1 << 20)).Split('\n');
        Record("big.txt", Encoding.UTF8.GetBytes(string.Join('\n', lines)), T0);

        for (int edit = 1; edit <= 1000; edit++)
        {
            int line = random.Next(lines.Length);
            lines[line] = $"edit {edit}: {lines[line]}";
            Record("big.txt", Encoding.UTF8.GetBytes(string.Join('\n', lines)), T0.AddSeconds(edit));
        }

        TestContext.Out.WriteLine($"history after 1,000 one-line edits of 1 MiB: {_store.StoredBytes / 1048576.0:F1} MiB stored, db file {new FileInfo(Path.Combine(_dir, "history.db")).Length / 1048576.0:F1} MiB");
        Assert.That(_store.StoredBytes, Is.LessThan(20L << 20));
        Assert.That(new FileInfo(Path.Combine(_dir, "history.db")).Length, Is.LessThan(20L << 20), "the database file, pages and indexes included");
        Assert.That(Read(Sha(Encoding.UTF8.GetBytes(string.Join('\n', lines)))), Is.EqualTo(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    private HistoryVersion Record(string path, byte[] content, DateTimeOffset time) =>
        _store.Record(Entry(path, Sha(content), content.Length, time), new MemoryStream(content));

    private static HistoryEntry Entry(string path, string sha256, long size, DateTimeOffset time) =>
        new(path, 1, time, HistoryKind.Content, size, sha256, "server");

    private byte[] Read(string sha256)
    {
        using var output = new MemoryStream();
        Assert.That(_store.CopyContent(sha256, output), Is.True);
        return output.ToArray();
    }

    private static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static byte[] RandomText(Random random, int size)
    {
        string[] words = ["alpha", "beta", "gamma", "delta", "sync", "folder", "server", "client", "merge", "history", "chunk", "inode"];
        var text = new StringBuilder(size + 100);
        while (text.Length < size)
        {
            for (int w = random.Next(4, 12); w > 0; w--)
            {
                text.Append(words[random.Next(words.Length)]).Append(' ');
            }

            text.Append(random.Next(100_000)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString(0, size));
    }
}
