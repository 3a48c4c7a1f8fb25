using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary>
/// The save patterns of real tools (DESIGN §5): vim's backup-rename-then-write with its 4913 probe and swap
/// file, sed -i's temp file renamed over, a git checkout and a tar extraction. Only the content travels.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class EditorTests
{
    [Test]
    public async Task Vim_and_sed_saves_on_the_client_reach_the_server_without_their_temp_files()
    {
        DaemonShell.Require("vim");
        DaemonShell.Require("sed");
        await using var sandbox = new DaemonSandbox("Full");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "vim.txt", "alpha\nbeta\ngamma\n");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "sed.txt", "one\ntwo\nthree\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        for (int round = 1; round <= 3; round++)
        {
            await DaemonShell.RunAsync(sandbox.ClientPath(), "vim", "-u", "NONE", "-i", "NONE", "-n", "-es", "-c", $"%s/^beta.*/& {round}/", "-c", "wq", "vim.txt");
            await Eventually.FileHasAsync(sandbox.ServerFile("vim.txt"), $"alpha\nbeta{string.Concat(Enumerable.Range(1, round).Select(r => $" {r}"))}\ngamma\n");
            await DaemonShell.RunAsync(sandbox.ClientPath(), "sed", "-i", $"s/^two.*/& {round}/", "sed.txt");
            await Eventually.FileHasAsync(sandbox.ServerFile("sed.txt"), $"one\ntwo{string.Concat(Enumerable.Range(1, round).Select(r => $" {r}"))}\nthree\n");
        }

        // A vim with a swap file and the default backup, the way most people run it.
        await DaemonShell.RunAsync(sandbox.ClientPath(), "vim", "-u", "NONE", "-i", "NONE", "-es", "-c", "set backup", "-c", "$put ='delta'", "-c", "wq", "vim.txt");
        await Eventually.FileHasAsync(sandbox.ServerFile("vim.txt"), "alpha\nbeta 1 2 3\ngamma\ndelta\n");
        await sandbox.WaitConvergedAsync(client);

        var status = await client.WaitIdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(DaemonTree.Snapshot(sandbox.ServerPath).Keys, Is.EquivalentTo(new[] { "vim.txt", "sed.txt" }), "no editor temp file reached the server");
            Assert.That(status["conflicts"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task Git_checkout_between_branches_in_the_server_folder_is_mirrored_exactly()
    {
        DaemonShell.Require("git");
        await using var sandbox = new DaemonSandbox();
        string repo = sandbox.ServerPath;
        var files = DaemonFixtureFiles.WriteTree(repo, 120, 300, 3000);
        await Git(repo, "init", "-q", "-b", "main");
        await Git(repo, "add", "-A");
        await Git(repo, "commit", "-q", "-m", "main");
        await Git(repo, "checkout", "-q", "-b", "feature");
        for (int i = 0; i < 20; i++)
        {
            File.AppendAllText(Path.Combine(repo, files[i]), $"feature change {i}\n");
        }

        for (int i = 20; i < 30; i++)
        {
            File.Delete(Path.Combine(repo, files[i]));
        }

        DaemonFixtureFiles.WriteTree(repo, 15, 100, 1000, prefix: "feature-only");
        await Git(repo, "mv", files[30], "renamed-by-git.txt");
        await Git(repo, "add", "-A");
        await Git(repo, "commit", "-q", "-m", "feature");
        await Git(repo, "checkout", "-q", "main");

        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);
        var mainTree = DaemonTree.Snapshot(repo);

        await Git(repo, "checkout", "-q", "feature");
        await sandbox.WaitConvergedAsync(client);
        Assert.That(DaemonTree.Snapshot(sandbox.ClientPath()), Does.ContainKey("renamed-by-git.txt").And.ContainKey("feature-only"));

        await Git(repo, "checkout", "-q", "main");
        await sandbox.WaitConvergedAsync(client);
        Assert.That(DaemonTree.Difference(mainTree, DaemonTree.Snapshot(sandbox.ClientPath())), Is.Empty, "back on main, byte for byte");
    }

    [Test]
    public async Task Tar_extraction_in_the_server_folder_is_mirrored_exactly()
    {
        DaemonShell.Require("tar");
        await using var sandbox = new DaemonSandbox();
        string source = Path.Combine(sandbox.Root, "tar-source");
        DaemonFixtureFiles.WriteTree(source, 150, 200, 4000, prefix: "release");
        string archive = Path.Combine(sandbox.Root, "release.tar");
        await DaemonShell.RunAsync(source, "tar", "cf", archive, "release");
        DaemonFixtureFiles.Write(sandbox.ServerPath, "before.txt", "already here\n");
        await sandbox.StartServerAsync();
        var client = await sandbox.StartClientIdleAsync();
        await sandbox.WaitConvergedAsync(client);

        await DaemonShell.RunAsync(sandbox.ServerPath, "tar", "xf", archive);
        await sandbox.WaitConvergedAsync(client);
        Assert.That(DaemonTree.Snapshot(sandbox.ClientPath()).Count(e => e.Key.StartsWith("release/", StringComparison.Ordinal) && e.Value != DaemonTree.DirectoryMark), Is.EqualTo(150));

        // Extracting again over the same files (same content, the archive's mtimes) changes nothing.
        await DaemonShell.RunAsync(sandbox.ServerPath, "tar", "xf", archive);
        await sandbox.WaitConvergedAsync(client);
    }

    private static Task<string> Git(string repo, params string[] args) =>
        DaemonShell.RunAsync(repo, "git", ["-c", "user.name=e2e", "-c", "user.email=e2e@example.invalid", "-c", "commit.gpgsign=false", .. args]);
}
