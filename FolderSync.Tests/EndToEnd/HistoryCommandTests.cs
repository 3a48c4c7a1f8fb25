using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// The history verbs run as an operator would, against real daemons: <c>history</c>, <c>restore</c>, <c>conflicts</c>,
/// <c>resolve</c>, <c>confirm-deletes</c>, their refusals and exit codes.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class HistoryCommandTests
{
    private const string Base = "alpha\nbravo\ncharlie\n";

    [Test]
    public async Task The_same_line_edited_by_two_clients_is_one_conflict_that_resolve_keeping_theirs_clears_everywhere()
    {
        await using var sandbox = new DaemonSandbox("Full");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "notes.txt", Base);
        var server = await sandbox.StartServerAsync();
        var first = await sandbox.StartClientIdleAsync(0);
        var second = await sandbox.StartClientIdleAsync(1);
        await sandbox.WaitConvergedAsync(first, 0);
        await sandbox.WaitConvergedAsync(second, 1);

        Assert.That(await second.TerminateAsync(), Is.Zero);
        File.WriteAllText(sandbox.ClientFile("notes.txt", 0), "alpha\nbravo by client0\ncharlie\n");
        await first.WaitSyncedAsync();
        Assert.That(File.ReadAllText(sandbox.ServerFile("notes.txt")), Is.EqualTo("alpha\nbravo by client0\ncharlie\n"));
        File.WriteAllText(sandbox.ClientFile("notes.txt", 1), "alpha\nbravo by client1\ncharlie\n");
        second = sandbox.StartClient(1);
        await Eventually.TrueAsync(() => ConflictCopies(sandbox.ServerPath).Count == 1, TimeSpan.FromSeconds(20), "one conflict copy on the server");
        await second.WaitSyncedAsync();

        var listed = await server.CommandAsync("conflicts", "--json");
        Assert.That(listed.ExitCode, Is.Zero, listed.StdErr);
        var conflict = JsonNode.Parse(listed.StdOut)!["conflicts"]!.AsArray().Single()!;
        string copy = conflict["copy"]!.GetValue<string>();
        string theirs = File.ReadAllText(sandbox.ServerFile(copy));
        Assert.Multiple(() =>
        {
            Assert.That(conflict["path"]!.GetValue<string>(), Is.EqualTo("notes.txt"));
            Assert.That(copy, Is.EqualTo(Path.GetFileName(ConflictCopies(sandbox.ServerPath).Single())));
            Assert.That(new[] { conflict["file"]!["origin"]!.GetValue<string>(), conflict["copyOf"]!["origin"]!.GetValue<string>() }, Is.EquivalentTo(new[] { "client0", "client1" }));
            Assert.That(conflict["file"]!["time"]!.GetValue<string>(), Does.EndWith("Z"));
        });
        var table = await server.CommandAsync("conflicts");
        Assert.That(table.StdOut.Trim().Split('\n'), Has.Length.EqualTo(2).And.Some.Contain(copy), table.StdOut);

        var resolved = await server.CommandAsync("resolve", "notes.txt", "--keep", "theirs");
        Assert.That(resolved.ExitCode, Is.Zero, resolved.StdErr);
        Assert.That(resolved.StdOut, Does.StartWith("resolved 1 conflict keeping theirs").And.Contain($"removed {copy}"));
        foreach (string root in new[] { sandbox.ServerPath, sandbox.ClientPath(0), sandbox.ClientPath(1) })
        {
            await Eventually.FileHasAsync(Path.Combine(root, "notes.txt"), theirs);
            await Eventually.GoneAsync(Path.Combine(root, copy));
        }

        await first.WaitSyncedAsync();
        await second.WaitSyncedAsync();
        var after = await server.CommandAsync("conflicts");
        Assert.Multiple(() =>
        {
            Assert.That(after.StdOut.Trim(), Is.EqualTo("no open conflicts"));
            Assert.That(ConflictCopies(sandbox.ServerPath).Concat(ConflictCopies(sandbox.ClientPath(0))).Concat(ConflictCopies(sandbox.ClientPath(1))), Is.Empty);
        });

        var again = await server.CommandAsync("resolve", "notes.txt", "--keep", "theirs");
        Assert.Multiple(() =>
        {
            Assert.That(again.ExitCode, Is.EqualTo(1));
            Assert.That(again.StdErr, Does.Contain("notes.txt has no open conflict"));
        });
    }

    [Test]
    public async Task A_file_deleted_on_the_server_is_listed_and_restored_to_the_client_with_its_history_newest_first()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "gone.txt", "v1\n");
        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        File.WriteAllText(sandbox.ClientFile("gone.txt"), "v2 from the client\n");
        await client.WaitSyncedAsync();
        Assert.That(File.ReadAllText(sandbox.ServerFile("gone.txt")), Is.EqualTo("v2 from the client\n"));
        File.WriteAllText(sandbox.ServerFile("gone.txt"), "v3 from the server\n");
        await Eventually.FileHasAsync(sandbox.ClientFile("gone.txt"), "v3 from the server\n");
        File.Delete(sandbox.ServerFile("gone.txt"));
        await Eventually.GoneAsync(sandbox.ClientFile("gone.txt"));

        // History is written just after the change, off the sync's path.
        JsonArray deleted = [];
        await Eventually.TrueAsync(
            async () => (deleted = await JsonAsync(server, "deleted", "history", "--deleted")).Count == 1,
            TimeSpan.FromSeconds(15),
            "the delete listed by history --deleted");
        Assert.Multiple(() =>
        {
            Assert.That(deleted[0]!["path"]!.GetValue<string>(), Is.EqualTo("gone.txt"));
            Assert.That(deleted[0]!["origin"]!.GetValue<string>(), Is.EqualTo("server"));
            Assert.That(deleted[0]!["size"]!.GetValue<long>(), Is.EqualTo("v3 from the server\n".Length));
        });
        var deletedTable = await server.CommandAsync("history", "--deleted");
        Assert.That(deletedTable.StdOut, Does.StartWith("PATH").And.Contain("gone.txt"));

        var versions = await JsonAsync(server, "versions", "history", "gone.txt");
        Assert.Multiple(() =>
        {
            Assert.That(versions.Select(v => (v!["kind"]!.GetValue<string>(), v["origin"]!.GetValue<string>())), Is.EqualTo(new[]
            {
                ("delete", "server"), ("edit", "server"), ("edit", "client0"), ("create", "server"),
            }));
            Assert.That(versions.Select(v => v!["sequence"]!.GetValue<long>()), Is.Ordered.Descending, "newest first");
        });
        var historyTable = await server.CommandAsync("history", "gone.txt");
        Assert.That(historyTable.StdOut.Trim().Split('\n'), Has.Length.EqualTo(5).And.Some.Contain("client0"), historyTable.StdOut);

        long clientVersion = versions[2]!["version"]!.GetValue<long>();
        var restored = await server.CommandAsync("restore", "gone.txt", "--version", clientVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(restored.ExitCode, Is.Zero, restored.StdErr);
        Assert.That(restored.StdOut, Does.StartWith($"restored gone.txt version {clientVersion}"));
        await Eventually.FileHasAsync(sandbox.ClientFile("gone.txt"), "v2 from the client\n");
        Assert.That(File.ReadAllText(sandbox.ServerFile("gone.txt")), Is.EqualTo("v2 from the client\n"));
        await Eventually.TrueAsync(
            async () => (await JsonAsync(server, "versions", "history", "gone.txt"))[0]!["kind"]!.GetValue<string>() == "restore",
            TimeSpan.FromSeconds(15),
            "the restore in history");
        Assert.That((await JsonAsync(server, "deleted", "history", "--deleted")).Count, Is.Zero, "no longer deleted");
        await client.WaitSyncedAsync();
    }

    [Test]
    public async Task Restore_of_a_missing_version_or_a_path_outside_the_folder_is_refused_with_its_exit_code()
    {
        await using var sandbox = new DaemonSandbox();
        DaemonFixtureFiles.Write(sandbox.ServerPath, "kept.txt", "kept\n");
        var server = await sandbox.StartServerAsync();

        var missing = await server.CommandAsync("restore", "kept.txt", "--version", "99999");
        var outside = await server.CommandAsync("restore", "../x");
        var absolute = await server.CommandAsync("restore", "/etc/passwd");
        var tooEarly = await server.CommandAsync("restore", "kept.txt", "--before", "2001-01-01T00:00:00Z");
        var both = await server.CommandAsync("restore", "kept.txt", "--version", "1", "--before", "2001-01-01");
        var unknown = await server.CommandAsync("history", "nothing-here.txt");
        Assert.Multiple(() =>
        {
            Assert.That((missing.ExitCode, missing.StdErr), Is.EqualTo((1, "foldersync-server: restore: kept.txt has no stored version 99999\n")));
            Assert.That(outside.ExitCode, Is.EqualTo(2));
            Assert.That(outside.StdErr, Does.Contain("'../x' is not a path inside the folder"));
            Assert.That(absolute.ExitCode, Is.EqualTo(2));
            Assert.That(absolute.StdErr, Does.Contain("'/etc/passwd' is not a path inside the folder"));
            Assert.That(tooEarly.ExitCode, Is.EqualTo(1));
            Assert.That(tooEarly.StdErr, Does.Contain("kept.txt has no stored version at or before 2001-01-01"));
            Assert.That((both.ExitCode, both.StdErr), Is.EqualTo((2, "foldersync-server: restore takes --version or --before, not both (see foldersync-server --help)\n")));
            Assert.That(unknown.ExitCode, Is.EqualTo(1));
            Assert.That(unknown.StdErr, Does.Contain("nothing-here.txt has no recorded versions"));
            Assert.That(File.ReadAllText(sandbox.ServerFile("kept.txt")), Is.EqualTo("kept\n"));
            Assert.That(File.Exists(Path.Combine(sandbox.Root, "x")), Is.False);
        });
    }

    [Test]
    public async Task Without_folder_a_server_publishing_two_folders_answers_with_a_usage_error_naming_them()
    {
        await using var sandbox = new DaemonSandbox();
        var config = JsonNode.Parse(File.ReadAllText(sandbox.ServerConfig))!.AsObject();
        Directory.CreateDirectory(Path.Combine(sandbox.Root, "other"));
        config["Folders"]!["other"] = new JsonObject { ["Path"] = "other", ["Access"] = "Full" };
        File.WriteAllText(sandbox.ServerConfig, config.ToJsonString());
        var server = await sandbox.StartServerAsync();

        var unnamed = await server.CommandAsync("conflicts");
        var named = await server.CommandAsync("conflicts", "--folder", "other");
        var wrong = await server.CommandAsync("conflicts", "--folder", "nope");
        Assert.Multiple(() =>
        {
            Assert.That(unnamed.ExitCode, Is.EqualTo(2));
            Assert.That(unnamed.StdErr, Does.Contain("needs --folder NAME: this server publishes docs, other"));
            Assert.That((named.ExitCode, named.StdOut.Trim()), Is.EqualTo((0, "no open conflicts")));
            Assert.That(wrong.ExitCode, Is.EqualTo(2));
            Assert.That(wrong.StdErr, Does.Contain("no folder 'nope'"));
        });
    }

    [Test]
    public async Task Removing_ninety_percent_of_a_thousand_files_on_the_server_is_held_until_confirm_deletes()
    {
        await using var sandbox = new DaemonSandbox();
        for (int i = 0; i < 1000; i++)
        {
            DaemonFixtureFiles.Write(sandbox.ServerPath, i < 900 ? $"bulk/f{i:D4}.txt" : $"f{i:D4}.txt", $"file {i}\n");
        }

        var server = await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync(timeout: TimeSpan.FromSeconds(90));
        await sandbox.WaitConvergedAsync(client, timeout: TimeSpan.FromSeconds(90));

        Directory.Delete(sandbox.ServerFile("bulk"), recursive: true);
        var status = await server.WaitStatusAsync(s => Reason(s).Length > 0, TimeSpan.FromSeconds(30), "to hold the deletes and say why");
        await client.WaitSyncedAsync();
        var text = await server.StatusCommandAsync(json: false);
        Assert.Multiple(() =>
        {
            Assert.That(HeldCount(status), Is.GreaterThanOrEqualTo(900));
            Assert.That(Reason(status), Does.Contain("Sync:MaxDeletePercent").And.Contain("confirm-deletes"));
            Assert.That(text.StdOut, Does.Contain("DELETES HELD"));
            Assert.That(Directory.GetFiles(sandbox.ClientFile("bulk")), Has.Length.EqualTo(900), "the client keeps its files");
        });

        var confirmed = await server.CommandAsync("confirm-deletes");
        Assert.That(confirmed.ExitCode, Is.Zero, confirmed.StdErr);
        Assert.That(confirmed.StdOut.Trim(), Is.EqualTo($"released {HeldCount(status)} held deletes"));
        await Eventually.TrueAsync(() => !Directory.Exists(sandbox.ClientFile("bulk")), TimeSpan.FromSeconds(60), "the released deletes on the client");
        await sandbox.WaitConvergedAsync(client);
        Assert.Multiple(async () =>
        {
            Assert.That(Directory.GetFiles(sandbox.ClientPath()), Has.Length.EqualTo(100));
            Assert.That(HeldCount((await server.StatusAsync())!), Is.Zero);
            Assert.That((await server.CommandAsync("confirm-deletes")).StdOut.Trim(), Is.EqualTo("no deletes were held"));
        });
    }

    private static async Task<JsonArray> JsonAsync(DaemonProcess server, string field, params string[] args)
    {
        var result = await server.CommandAsync([.. args, "--json"]);
        return result.ExitCode == 0 ? JsonNode.Parse(result.StdOut)![field]!.AsArray() : [];
    }

    private static JsonNode? Folder(JsonObject status) => status["folders"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == DaemonSandbox.FolderName);

    private static int HeldCount(JsonObject status) => Folder(status)!["heldDeletes"]!["count"]!.GetValue<int>();

    private static string Reason(JsonObject status) => Folder(status)!["heldDeletes"]!["reason"]?.GetValue<string>() ?? string.Empty;

    private static List<string> ConflictCopies(string root) =>
        Directory.EnumerateFiles(root).Where(f => Path.GetFileName(f).Contains(".sync-conflict-", StringComparison.Ordinal)).ToList();
}
