using FolderSync.Common.FileSystem;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>
/// The server's disk is full when a client's edit arrives: the server keeps its old file and answers that it
/// failed, the session stays up, both sides list the path, and the client sends it again once there is room.
/// </summary>
[TestFixture]
public sealed class EngineDiskFullTests
{
    [Test]
    public async Task AnUploadTheServerHasNoRoomForIsRetriedAndArrivesOnceSpaceIsFreed()
    {
        await using var pair = new EnginePair();
        using var disk = await TmpfsMount.MountAsync(pair.ServerPath, 4 * 1024 * 1024);
        File.WriteAllText(pair.Server("big.txt"), "small for now\n");
        File.WriteAllText(pair.Server("other.txt"), "other v1\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("big.txt"), "small for now\n");
        await pair.IdleAsync();

        string filler = disk.Fill(".filler", leaveFree: 128 * 1024);
        string edit = new('e', 1024 * 1024);
        File.WriteAllText(pair.Local("big.txt"), edit + "\n");
        File.WriteAllText(pair.Local("other.txt"), "other v2\n");

        await Eventually.FileHasAsync(pair.Server("other.txt"), "other v2\n", TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(async () => (int)(await pair.Client.GetStatusAsync())["problems"]!["count"]! == 1, TimeSpan.FromSeconds(15), "the client to list big.txt");
        var clientStatus = await pair.Client.GetStatusAsync();
        var serverProblems = pair.Folder.ProblemsStatus();
        Assert.Multiple(() =>
        {
            Assert.That(clientStatus["problems"]!["paths"]![0]!["path"]!.ToString(), Is.EqualTo("big.txt"));
            Assert.That(clientStatus["problems"]!["paths"]![0]!["reason"]!.ToString(), Does.Contain("ENOSPC"));
            Assert.That(serverProblems["paths"]![0]!["path"]!.ToString(), Is.EqualTo("big.txt"), "the server lists it too");
            Assert.That(File.ReadAllText(pair.Server("big.txt")), Is.EqualTo("small for now\n"), "the server's old file is intact");
            Assert.That(Directory.EnumerateFiles(pair.ServerPath, AtomicFileWriter.TempPrefix + "*"), Is.Empty, "no temp file is left");
            Assert.That(pair.LogOf("server").Any(l => l.Contains("big.txt", StringComparison.Ordinal) && l.Contains("ENOSPC", StringComparison.Ordinal)), Is.True);
            Assert.That((bool)clientStatus["connected"]!, Is.True, "the session stays up");
        });

        File.Delete(filler);
        await Eventually.FileHasAsync(pair.Server("big.txt"), edit + "\n", TimeSpan.FromSeconds(15));
        await pair.IdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)pair.Folder.ProblemsStatus()["count"]!, Is.Zero, "the server's problem clears");
            Assert.That(pair.LogOf("session").Any(l => l.Contains("disconnected", StringComparison.Ordinal)), Is.False, "no session was dropped");
        });
        await pair.AssertInvariantsAsync(); // while the tmpfs is still mounted over the server's folder
    }
}
