using FolderSync.Common.Sync;

namespace FolderSync.Tests.Sync;

/// <summary>The pure mode decision: the side that changed it wins; both changed, the server wins.</summary>
public sealed class FileModesTests
{
    private const int Rw = 0x1A4; // 0644
    private const int Rwx = 0x1ED; // 0755
    private const int Own = 0x1C0; // 0700

    [TestCase(Rw, Rwx, Rw, Rwx, TestName = "client chmod, server unchanged: client's mode")]
    [TestCase(Rw, Rw, Rwx, Rwx, TestName = "server chmod, client unchanged (content edit): server's mode stays")]
    [TestCase(Rw, Own, Rwx, Rwx, TestName = "both changed: server wins")]
    [TestCase(Rw, Rwx, Rwx, Rwx, TestName = "both changed to the same mode")]
    [TestCase(null, Rwx, null, Rwx, TestName = "new file: client's mode")]
    [TestCase(null, Rwx, Rw, Rw, TestName = "client never knew the base: server's mode")]
    [TestCase(Rw, null, Rwx, Rwx, TestName = "client sent no mode: server's mode")]
    [TestCase(null, null, null, null, TestName = "nobody knows: unknown, nothing is changed")]
    public void Decide(int? @base, int? client, int? server, int? expected) =>
        Assert.That(FileModes.Decide(@base, client, server), Is.EqualTo(expected));

    [Test]
    public void Only_the_rwx_bits_travel()
    {
        Assert.That(FileModes.Of(0x81ED | 0xE00), Is.EqualTo(Rwx), "S_IFREG|setuid|setgid|sticky|0755 → 0755");
        Assert.That(FileModes.Of(0xFFFFFFFF), Is.EqualTo(0x1FF));
        Assert.That(FileModes.Format(Rwx), Is.EqualTo("0755"));
        Assert.That(FileModes.Format(null), Is.EqualTo("unknown"));
    }
}
