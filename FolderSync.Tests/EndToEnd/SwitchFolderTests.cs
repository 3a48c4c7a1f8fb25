using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// Switching a client's <c>Folder</c> with the real executables: with the old StateDir it refuses to start (exit 2,
/// one line) and uploads nothing into the new folder; with a new StateDir and an empty LocalPath it syncs it.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class SwitchFolderTests
{
    private const string Other = "notes";

    [Test]
    public async Task A_client_switched_to_another_folder_on_its_old_state_exits_2_and_uploads_nothing_into_it()
    {
        await using var sandbox = new DaemonSandbox(access: "Full");
        string otherPath = Path.Combine(sandbox.Root, Other);
        DaemonFixtureFiles.Write(otherPath, "n.txt", "the notes folder's own\n");
        AddFolder(sandbox);
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        DaemonFixtureFiles.Write(sandbox.ClientPath(), "private.txt", "belongs to docs only\n");
        await sandbox.WaitConvergedAsync(client);
        Assert.That(await client.TerminateAsync(), Is.Zero);
        var notesBefore = DaemonTree.Snapshot(otherPath);

        SetClientConfig(sandbox.ClientConfig(), "Folder", Other);
        var refused = await DaemonProcess.RunCommandAsync(DaemonBinaries.ClientDll, TimeSpan.FromSeconds(30), "run", "--config", sandbox.ClientConfig());
        TestContext.Out.WriteLine(refused.StdErr.Trim());
        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(2), refused.StdOut + refused.StdErr);
            Assert.That(refused.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1), $"one line: {refused.StdErr}");
            Assert.That(refused.StdErr, Does.Contain("'docs'").And.Contain($"'{Other}'").And.Contain(sandbox.ClientStateDir()));
            Assert.That(refused.StdErr, Does.Contain("new StateDir and an empty LocalPath"));
            Assert.That(DaemonTree.Difference(notesBefore, DaemonTree.Snapshot(otherPath)), Is.Empty, "nothing reached the notes folder");
            Assert.That(File.Exists(Path.Combine(otherPath, "private.txt")), Is.False);
        });

        // What the refusal says to do: a new StateDir and an empty LocalPath.
        string name = "notes-client";
        SetClientConfig(sandbox.ClientConfig(), "LocalPath", name);
        SetClientConfig(sandbox.ClientConfig(), "StateDir", $"{name}-state");
        var switched = sandbox.Track(DaemonProcess.Start(name, DaemonBinaries.ClientDll, sandbox.ClientConfig(), Path.Combine(sandbox.Root, $"{name}-state")));
        await switched.WaitIdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(DaemonTree.Difference(notesBefore, DaemonTree.Snapshot(Path.Combine(sandbox.Root, name))), Is.Empty, "the new LocalPath holds the notes folder");
            Assert.That(DaemonTree.Difference(notesBefore, DaemonTree.Snapshot(otherPath)), Is.Empty, "and the notes folder got nothing from docs");
        });
        Assert.That(await switched.TerminateAsync(), Is.Zero);
    }

    private static void AddFolder(DaemonSandbox sandbox)
    {
        var server = JsonNode.Parse(File.ReadAllText(sandbox.ServerConfig))!.AsObject();
        server["Folders"]!.AsObject()[Other] = new JsonObject { ["Path"] = Other, ["Access"] = "Full" };
        File.WriteAllText(sandbox.ServerConfig, server.ToJsonString());
        sandbox.WriteClientConfig(0);
    }

    private static void SetClientConfig(string path, string key, string value)
    {
        var client = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        client[key] = value;
        File.WriteAllText(path, client.ToJsonString());
    }
}
