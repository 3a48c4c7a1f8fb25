using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Common.Sync;
using FolderSync.Server.Commands;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>
/// The folder commands as a client's request reaches them (<see cref="CommandCaller"/> with its access mode), on a
/// real engine: what each access mode may do, and what mine and theirs mean to the client asking.
/// </summary>
[TestFixture]
public sealed class FolderCommandsTests
{
    [Test]
    public async Task AReadOnlyClientMayReadHistoryButNotRestoreResolveOrConfirmDeletes()
    {
        await using var pair = await ServerWithHistoryAsync();
        var reader = new CommandCaller("client0", AccessMode.ReadOnly);

        var history = await FolderCommands.HandleAsync(pair.Folder, Request("history", ("path", "kept.txt")), reader, CancellationToken.None);
        Assert.That(history["versions"]!.AsArray(), Has.Count.EqualTo(2));
        foreach (var request in new[]
        {
            Request("restore", ("path", "kept.txt")),
            Request("resolve", ("all", true), ("keep", "mine")),
            Request("confirm-deletes"),
        })
        {
            var refusal = Assert.ThrowsAsync<ControlException>(() => FolderCommands.HandleAsync(pair.Folder, request, reader, CancellationToken.None));
            Assert.Multiple(() =>
            {
                Assert.That(refusal!.Code, Is.EqualTo(ControlException.Failed));
                Assert.That(refusal.Message, Does.Contain("client0 has ReadOnly access"));
            });
        }

        Assert.That(File.ReadAllText(pair.Server("kept.txt")), Is.EqualTo("two\n"), "nothing restored");
    }

    [Test]
    public async Task AnEditOnlyClientMayRestoreAnExistingFileButNotBringBackADeletedOneOrConfirmDeletes()
    {
        await using var pair = await ServerWithHistoryAsync();
        var editor = new CommandCaller("client0", AccessMode.EditOnly);

        var bringBack = Assert.ThrowsAsync<ControlException>(() => FolderCommands.HandleAsync(pair.Folder, Request("restore", ("path", "gone.txt")), editor, CancellationToken.None));
        var toNewPath = Assert.ThrowsAsync<ControlException>(() => FolderCommands.HandleAsync(pair.Folder, Request("restore", ("path", "kept.txt"), ("to", "new.txt")), editor, CancellationToken.None));
        var confirm = Assert.ThrowsAsync<ControlException>(() => FolderCommands.HandleAsync(pair.Folder, Request("confirm-deletes"), editor, CancellationToken.None));
        var restored = await FolderCommands.HandleAsync(pair.Folder, Request("restore", ("path", "kept.txt")), editor, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(bringBack!.Message, Does.Contain("gone.txt does not exist, so restoring it creates a file, which only Full clients may do"));
            Assert.That(toNewPath!.Message, Does.Contain("new.txt does not exist"));
            Assert.That(confirm!.Message, Does.Contain("EditOnly"));
            Assert.That(File.Exists(pair.Server("gone.txt")) || File.Exists(pair.Server("new.txt")), Is.False);
            Assert.That(restored["path"]!.GetValue<string>(), Is.EqualTo("kept.txt"));
            Assert.That(File.ReadAllText(pair.Server("kept.txt")), Is.EqualTo("one\n"), "restoring an existing file is an edit");
        });
        await Eventually.TrueAsync(() => pair.Folder.PendingHistory == 0 && pair.Folder.History.Versions("kept.txt")[0].Entry.Origin == "client0", TimeSpan.FromSeconds(10), "the restore in history, authored by the client");
    }

    [Test]
    public async Task ResolveKeepingMineKeepsTheVersionTheAskingClientAuthored()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        File.WriteAllText(pair.Server("notes.txt"), "alpha\nbravo\ncharlie\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync(0);
        await pair.StartClientAsync(1);
        await pair.IdleAsync(0);
        await pair.IdleAsync(1);
        await Eventually.FileHasAsync(pair.Local("notes.txt", 1), "alpha\nbravo\ncharlie\n");
        await pair.StopClientAsync(1);
        File.WriteAllText(pair.Local("notes.txt", 0), "alpha\nbravo by 0\ncharlie\n");
        await Eventually.FileHasAsync(pair.Server("notes.txt"), "alpha\nbravo by 0\ncharlie\n");
        File.WriteAllText(pair.Local("notes.txt", 1), "alpha\nbravo by 1\ncharlie\n");
        await pair.StartClientAsync(1);
        await Eventually.TrueAsync(() => pair.Folder.OpenConflicts().Count == 1, TimeSpan.FromSeconds(15), "the conflict registered");
        var conflict = pair.Folder.OpenConflicts()[0];
        string mine = $"alpha\nbravo by {conflict.LoserOrigin[^1]}\ncharlie\n";

        var answer = await FolderCommands.HandleAsync(pair.Folder, Request("resolve", ("path", "notes.txt"), ("keep", "mine")), new CommandCaller(conflict.LoserOrigin, AccessMode.Full), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(answer["resolved"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(answer["conflicts"]![0]!["kept"]!.GetValue<string>(), Is.EqualTo("copy"), "the loser's version is in the copy");
            Assert.That(File.ReadAllText(pair.Server("notes.txt")), Is.EqualTo(mine));
            Assert.That(File.Exists(pair.Server(conflict.CopyPath)), Is.False);
            Assert.That(pair.Folder.OpenConflicts(), Is.Empty);
        });
        await Eventually.FileHasAsync(pair.Local("notes.txt", 0), mine);
        await Eventually.FileHasAsync(pair.Local("notes.txt", 1), mine);
    }

    /// <summary>A server-only pair: kept.txt edited once ("one" then "two"), gone.txt deleted, all in history.</summary>
    private static async Task<EnginePair> ServerWithHistoryAsync()
    {
        var pair = new EnginePair();
        File.WriteAllText(pair.Server("kept.txt"), "one\n");
        File.WriteAllText(pair.Server("gone.txt"), "bye\n");
        await pair.StartServerAsync();
        await Eventually.TrueAsync(() => pair.Folder.PendingHistory == 0 && pair.Folder.History.Versions("kept.txt").Count == 1, TimeSpan.FromSeconds(10), "the first scan in history");
        File.WriteAllText(pair.Server("kept.txt"), "two\n");
        File.Delete(pair.Server("gone.txt"));
        await Eventually.TrueAsync(
            () => pair.Folder.PendingHistory == 0 && pair.Folder.History.Versions("kept.txt").Count == 2 && pair.Folder.History.Deleted().Count == 1,
            TimeSpan.FromSeconds(10),
            "the edit and the delete in history");
        return pair;
    }

    private static JsonObject Request(string command, params (string Key, JsonNode? Value)[] arguments)
    {
        var request = new JsonObject { ["command"] = command };
        foreach (var (key, value) in arguments)
        {
            request[key] = value;
        }

        return request;
    }
}
