using FolderSync.Client.Security;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Sync;
using FolderSync.Server.Security;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>Permission bits (st_mode &amp; 0777) travel both ways as part of the state; a chmod alone sends no body.</summary>
[TestFixture]
public sealed class EngineModeTests
{
    private const UnixFileMode Rw = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Rwx = Rw | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private static readonly ClientSecurityOptions PlainLoopback = new() { UseTls = false, AllowPlainTcp = true };

    [Test]
    public async Task A_server_chmod_reaches_the_client_as_metadata_only_both_ways()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("run.sh"), "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(pair.Server("run.sh"), Rw);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        await using var proxy = new DeltaCountingProxy(pair.Port, countedType: "FILE_UPDATE");
        await pair.StartClientAsync(port: proxy.Port, security: PlainLoopback);
        await Eventually.FileHasAsync(pair.Local("run.sh"), "#!/bin/sh\necho hi\n");
        await pair.IdleAsync();
        int updates = proxy.CountedFrames;
        long inode = Inode(pair.Local("run.sh"));
        Assert.That(Mode(pair.Local("run.sh")), Is.EqualTo(Rw));

        File.SetUnixFileMode(pair.Server("run.sh"), Rwx);
        await ModeBecomesAsync(pair.Local("run.sh"), Rwx);

        File.SetUnixFileMode(pair.Server("run.sh"), Rw);
        await ModeBecomesAsync(pair.Local("run.sh"), Rw);
        await pair.IdleAsync();

        Assert.That(proxy.CountedFrames, Is.EqualTo(updates), "a chmod sends no FILE_UPDATE");
        Assert.That(Inode(pair.Local("run.sh")), Is.EqualTo(inode), "the client's file was changed in place, not rewritten");
        Assert.That(pair.LogOf("server"), Has.Some.Contains("chmod 0755 run.sh"));
        await pair.AssertInvariantsAsync(); // while the proxy still runs: the client reaches the server only through it
    }

    [Test]
    public async Task New_files_keep_their_mode_exactly_and_setuid_never_travels()
    {
        await using var pair = new EnginePair(AccessMode.Full);
        File.WriteAllText(pair.Server("before.sh"), "echo before\n");
        File.SetUnixFileMode(pair.Server("before.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        File.WriteAllText(pair.Server("private.txt"), "mine\n");
        File.SetUnixFileMode(pair.Server("private.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("before.sh"), "echo before\n");
        await pair.IdleAsync();
        Assert.That(Mode(pair.Local("before.sh")), Is.EqualTo(Mode(pair.Server("before.sh"))), "0750 arrives as 0750");
        Assert.That(Mode(pair.Local("private.txt")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "0600 arrives as 0600, whatever the umask");

        File.WriteAllText(pair.Server("setuid.sh"), "echo root\n");
        File.SetUnixFileMode(pair.Server("setuid.sh"), Rwx | UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit);
        await Eventually.FileHasAsync(pair.Local("setuid.sh"), "echo root\n");
        await ModeBecomesAsync(pair.Local("setuid.sh"), Rwx);

        File.WriteAllText(pair.Local("made-here.sh"), "echo client\n");
        File.SetUnixFileMode(pair.Local("made-here.sh"), Rwx | UnixFileMode.SetUser);
        await Eventually.FileHasAsync(pair.Server("made-here.sh"), "echo client\n");
        await ModeBecomesAsync(pair.Server("made-here.sh"), Rwx);
        await pair.IdleAsync();
    }

    [Test]
    public async Task An_edit_only_client_chmod_of_a_file_it_may_edit_reaches_the_server_in_place()
    {
        await using var pair = new EnginePair(AccessMode.EditOnly);
        File.WriteAllText(pair.Server("tool.sh"), "echo tool\n");
        File.SetUnixFileMode(pair.Server("tool.sh"), Rw);
        await pair.StartServerAsync();
        await pair.StartClientAsync(0);
        await pair.StartClientAsync(1);
        await Eventually.FileHasAsync(pair.Local("tool.sh"), "echo tool\n");
        await Eventually.FileHasAsync(pair.Local("tool.sh", client: 1), "echo tool\n");
        await pair.IdleAsync();
        long serverInode = Inode(pair.Server("tool.sh"));

        File.SetUnixFileMode(pair.Local("tool.sh"), Rwx);
        await ModeBecomesAsync(pair.Server("tool.sh"), Rwx);
        await ModeBecomesAsync(pair.Local("tool.sh", client: 1), Rwx);
        Assert.That(Inode(pair.Server("tool.sh")), Is.EqualTo(serverInode), "the server changed the mode, not the file");

        File.SetUnixFileMode(pair.Local("tool.sh"), Rw);
        await ModeBecomesAsync(pair.Server("tool.sh"), Rw);
        await ModeBecomesAsync(pair.Local("tool.sh", client: 1), Rw);
        await pair.IdleAsync();
        Assert.That(Mode(pair.Local("tool.sh")), Is.EqualTo(Rw));
    }

    [Test]
    public async Task A_chmod_made_while_the_client_was_stopped_reaches_the_server_when_it_reconnects()
    {
        await using var pair = new EnginePair(AccessMode.EditOnly);
        File.WriteAllText(pair.Server("offline.sh"), "echo offline\n");
        File.SetUnixFileMode(pair.Server("offline.sh"), Rw);
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("offline.sh"), "echo offline\n");
        await pair.IdleAsync();
        await pair.StopClientAsync();

        File.SetUnixFileMode(pair.Local("offline.sh"), Rwx);
        await pair.StartClientAsync();

        await ModeBecomesAsync(pair.Server("offline.sh"), Rwx);
        await pair.IdleAsync();
    }

    [Test]
    public async Task A_read_only_client_chmod_is_reverted_and_never_reaches_the_server()
    {
        await using var pair = new EnginePair(AccessMode.ReadOnly);
        File.WriteAllText(pair.Server("fixed.sh"), "echo fixed\n");
        File.SetUnixFileMode(pair.Server("fixed.sh"), Rw);
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("fixed.sh"), "echo fixed\n");
        await pair.IdleAsync();

        File.SetUnixFileMode(pair.Local("fixed.sh"), Rwx);
        await Eventually.TrueAsync(
            () => pair.LogOf("client0").Any(l => l.Contains("reverted to the server's 0644", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "the client reverts its chmod");
        await ModeBecomesAsync(pair.Local("fixed.sh"), Rw);
        await pair.IdleAsync();
        Assert.That(Mode(pair.Server("fixed.sh")), Is.EqualTo(Rw));
    }

    [Test]
    public async Task A_content_edit_and_a_chmod_on_the_server_arrive_together()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("build.sh"), "v1\n");
        File.SetUnixFileMode(pair.Server("build.sh"), Rw);
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("build.sh"), "v1\n");
        await pair.IdleAsync();

        await pair.StopClientAsync();
        File.WriteAllText(pair.Server("build.sh"), "v2\n");
        File.SetUnixFileMode(pair.Server("build.sh"), Rwx);
        await Eventually.TrueAsync(() => pair.LogOf("server").Any(l => l.Contains("update build.sh", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the server records v2");
        await pair.StartClientAsync();

        await Eventually.FileHasAsync(pair.Local("build.sh"), "v2\n");
        await ModeBecomesAsync(pair.Local("build.sh"), Rwx);
        await pair.IdleAsync();
    }

    [Test]
    public async Task After_an_upgrade_rows_of_unknown_mode_learn_it_and_an_executable_made_meanwhile_still_travels()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("run.sh"), "echo run\n");
        File.WriteAllText(pair.Server("plain.txt"), "plain\n");
        File.SetUnixFileMode(pair.Server("run.sh"), Rw);
        File.SetUnixFileMode(pair.Server("plain.txt"), Rw);
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("run.sh"), "echo run\n");
        await Eventually.FileHasAsync(pair.Local("plain.txt"), "plain\n");
        await pair.IdleAsync();
        await pair.StopClientAsync();
        await pair.StopServerAsync();

        // What schema 3 leaves of rows written before it: modes unknown on both sides.
        foreach (var db in Directory.EnumerateDirectories(pair.Root, "*-state*").SelectMany(d => Directory.EnumerateFiles(d, "*.db")).Where(db => !Path.GetFileName(db).StartsWith("history", StringComparison.Ordinal)))
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE file_state SET mode = NULL, base_mode = NULL;";
            command.ExecuteNonQuery();
        }

        File.SetUnixFileMode(pair.Server("run.sh"), Rwx);
        await pair.StartServerAsync();
        long sequence = pair.Folder.Sequence;
        await pair.StartClientAsync();

        await ModeBecomesAsync(pair.Local("run.sh"), Rwx);
        await pair.IdleAsync();
        Assert.That(Mode(pair.Local("plain.txt")), Is.EqualTo(Rw));
        Assert.That(pair.LogOf("server").Count(l => l.Contains("server change chmod", StringComparison.Ordinal)), Is.EqualTo(1), "only the mode that differs from the old 0644 is sent");
        Assert.That(pair.Folder.Sequence, Is.EqualTo(sequence), "the start-up scan sequenced it before the client came");
    }

    private static UnixFileMode Mode(string path) => File.GetUnixFileMode(path);

    private static long Inode(string path) => FileStatus.Lstat(path)!.Value.Inode;

    private static Task ModeBecomesAsync(string path, UnixFileMode mode) =>
        Eventually.TrueAsync(() => File.Exists(path) && Mode(path) == mode, TimeSpan.FromSeconds(10), $"{path} has mode {mode} (now {(File.Exists(path) ? Mode(path) : "absent")})");
}
