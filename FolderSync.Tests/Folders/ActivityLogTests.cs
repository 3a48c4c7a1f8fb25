using System.Text.Json.Nodes;
using FolderSync.Common.Folders;
using FolderSync.Common.Hosting;
using FolderSync.Common.Protocol;

namespace FolderSync.Tests.Folders;

public sealed class ActivityLogTests
{
    [Test]
    public void Keeps_the_last_capacity_entries_newest_first_with_ids_that_only_grow()
    {
        var log = new ActivityLog(capacity: 3);
        var docs = log.For("docs");
        for (int i = 1; i <= 5; i++)
        {
            docs.Record(ActivityKind.Edit, ActivityDirection.Up, RelativePath.Parse($"f{i}.txt"), i, "laptop");
        }

        var newest = log.Newest(10);
        Assert.Multiple(() =>
        {
            Assert.That(newest.Select(e => e.Id), Is.EqualTo(new long[] { 5, 4, 3 }), "only the last three are held, newest first");
            Assert.That(newest.Select(e => e.Path), Is.EqualTo(new[] { "f5.txt", "f4.txt", "f3.txt" }));
            Assert.That(newest[0].Folder, Is.EqualTo("docs"));
            Assert.That(newest[0].Time.Offset, Is.EqualTo(TimeSpan.Zero), "UTC");
            Assert.That(log.Newest(1).Single().Id, Is.EqualTo(5));
            Assert.That(log.LastId, Is.EqualTo(5));
        });
    }

    [Test]
    public void After_gives_the_newer_entries_still_held_oldest_first_and_filters_by_folder()
    {
        var log = new ActivityLog(capacity: 4);
        for (int i = 1; i <= 6; i++)
        {
            log.For(i % 2 == 0 ? "even" : "odd").Record(ActivityKind.Create, ActivityDirection.Host, RelativePath.Parse($"f{i}.txt"), 0, "server");
        }

        Assert.Multiple(() =>
        {
            Assert.That(log.After(4).Select(e => e.Id), Is.EqualTo(new long[] { 5, 6 }));
            Assert.That(log.After(0).Select(e => e.Id), Is.EqualTo(new long[] { 3, 4, 5, 6 }), "what fell out of the ring is gone");
            Assert.That(log.After(6), Is.Empty);
            Assert.That(log.After(0, "even").Select(e => e.Id), Is.EqualTo(new long[] { 4, 6 }));
            Assert.That(log.Newest(10, "odd").Select(e => e.Id), Is.EqualTo(new long[] { 5, 3 }));
        });
    }

    [Test]
    public async Task A_long_poll_wakes_up_when_a_newer_entry_arrives_and_not_for_another_folders()
    {
        var log = new ActivityLog();
        log.For("docs").Record(ActivityKind.Edit, ActivityDirection.Down, RelativePath.Parse("old.txt"), 1, "server");
        var poll = log.WaitAfterAsync(log.LastId, "docs", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.That(poll.IsCompleted, Is.False, "nothing newer yet");

        log.For("other").Record(ActivityKind.Edit, ActivityDirection.Host, RelativePath.Parse("elsewhere.txt"), 1, "server");
        Assert.That(poll.IsCompleted, Is.False, "another folder's entry is not an answer");

        log.For("docs").Record(ActivityKind.Move, ActivityDirection.Up, RelativePath.Parse("a.txt"), 7, "laptop", RelativePath.Parse("b.txt"));
        var entries = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(entries.Single().Path, Is.EqualTo("a.txt"));
            Assert.That(entries.Single().To, Is.EqualTo("b.txt"));
            Assert.That(entries.Single().Id, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_long_poll_answers_at_once_when_there_is_something_newer_and_empty_when_its_wait_ends()
    {
        var log = new ActivityLog();
        log.For("docs").Record(ActivityKind.Delete, ActivityDirection.In, RelativePath.Parse("x.txt"), 0, "laptop");
        var ready = log.WaitAfterAsync(0, null, TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.That(ready.IsCompletedSuccessfully, Is.True, "answered synchronously");
        Assert.That((await ready).Single().Kind, Is.EqualTo(ActivityKind.Delete));

        Assert.That(await log.WaitAfterAsync(1, null, TimeSpan.Zero, CancellationToken.None), Is.Empty);

        using var asker = new CancellationTokenSource();
        var cancelled = log.WaitAfterAsync(1, null, TimeSpan.FromMinutes(5), asker.Token);
        await asker.CancelAsync();
        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>(), "an asker that hangs up ends the wait");
    }

    [Test]
    public async Task The_control_verb_lists_the_newest_and_long_polls_after_an_id()
    {
        var log = new ActivityLog();
        var handler = new ActivityCommand(log, ["docs"]);
        log.For("docs").Record(ActivityKind.Create, ActivityDirection.In, RelativePath.Parse("a.txt"), 2048, "laptop");
        log.For("docs").Record(ActivityKind.Edit, ActivityDirection.Host, RelativePath.Parse("b.txt"), 10, "server");

        var listed = await handler.HandleAsync(Request("""{"command":"activity","count":1}"""), CancellationToken.None);
        var entry = listed["entries"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(entry["path"]!.GetValue<string>(), Is.EqualTo("b.txt"));
            Assert.That(entry["direction"]!.GetValue<string>(), Is.EqualTo("host"));
            Assert.That(entry["kind"]!.GetValue<string>(), Is.EqualTo("edit"));
            Assert.That(listed["lastId"]!.GetValue<long>(), Is.EqualTo(2));
        });

        var poll = handler.HandleAsync(Request("""{"command":"activity","after":2,"waitMs":300000}"""), CancellationToken.None);
        Assert.That(poll.IsCompleted, Is.False);
        log.For("docs").Record(ActivityKind.Mode, ActivityDirection.In, RelativePath.Parse("c.txt"), 1, "laptop");
        var next = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(next["entries"]!.AsArray().Single()!["path"]!.GetValue<string>(), Is.EqualTo("c.txt"));
        Assert.That(next["lastId"]!.GetValue<long>(), Is.EqualTo(3));

        var refused = Assert.ThrowsAsync<ControlException>(() => handler.HandleAsync(Request("""{"command":"activity","folder":"nope"}"""), CancellationToken.None));
        Assert.That(refused!.Message, Does.Contain("no folder 'nope'").And.Contain("docs"));
    }

    [TestCase(0, "0 B")]
    [TestCase(1023, "1023 B")]
    [TestCase(1536, "1.5 KiB")]
    [TestCase(3 * 1024 * 1024, "3 MiB")]
    public void Sizes_read_as_people_write_them(long bytes, string text) =>
        Assert.That(ActivityPrinter.Size(bytes), Is.EqualTo(text));

    /// <summary>A request as the control socket reads it.</summary>
    private static JsonObject Request(string line) => JsonNode.Parse(line)!.AsObject();
}
