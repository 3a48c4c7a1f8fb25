using System.Runtime.Versioning;
using FolderSync.Common.Delta;
using FolderSync.Common.FileSystem;
using FolderSync.Tests.Support;
using static FolderSync.Tests.Support.FileSystemSandbox;

namespace FolderSync.Tests.Delta;

/// <summary>The receiver's side on a real disk: rebuild into an AtomicFileWriter, whose commit checks the whole-file hash.</summary>
[SupportedOSPlatform("linux")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DeltaApplierFileTests : IDisposable
{
    private readonly FileSystemSandbox _box = new();
    private readonly byte[] _old = DeltaText.Generate(2 * 1024 * 1024, seed: 31);

    public void Dispose() => _box.Dispose();

    [Test]
    public void The_right_base_rebuilds_and_commits()
    {
        byte[] edited = DeltaText.ReplaceLine(_old, 1_000_000, "changed");
        File.WriteAllBytes(_box.Full("f.txt"), _old);

        var status = Apply(_old, edited, File.ReadAllBytes(_box.Full("f.txt")));

        Assert.That(File.ReadAllBytes(_box.Full("f.txt")), Is.EqualTo(edited));
        Assert.That(status.Size, Is.EqualTo(edited.Length));
    }

    [Test]
    public void A_wrong_base_of_the_same_length_fails_the_hash_check_and_leaves_the_file()
    {
        byte[] edited = DeltaText.ReplaceLine(_old, 1_000_000, "changed");
        byte[] local = [.. _old];
        local[10] ^= 1;
        File.WriteAllBytes(_box.Full("f.txt"), local);

        Assert.Throws<HashMismatchException>(() => Apply(_old, edited, local));
        Assert.That(File.ReadAllBytes(_box.Full("f.txt")), Is.EqualTo(local));
        Assert.That(Directory.GetFiles(_box.RootPath, AtomicFileWriter.TempPrefix + "*"), Is.Empty, "temp file removed");
    }

    [Test]
    public void A_shorter_base_is_detected_while_copying()
    {
        byte[] edited = DeltaText.ReplaceLine(_old, 1_000_000, "changed");

        Assert.Throws<InvalidDataException>(() => Apply(_old, edited, _old[..500_000]));
        Assert.That(Directory.GetFiles(_box.RootPath, AtomicFileWriter.TempPrefix + "*"), Is.Empty, "temp file removed");
    }

    private FileStatus Apply(byte[] senderBase, byte[] newContent, byte[] receiverBase)
    {
        var plan = DeltaPlanner.Plan(FastCdcChunker.Chunk(new MemoryStream(senderBase)), new MemoryStream(newContent));
        using var body = new LiteralRangeStream(new MemoryStream(newContent), plan.LiteralRanges());
        using var writer = _box.Root.BeginWrite(P("f.txt"));
        using var applier = new DeltaApplier(new MemoryStream(receiverBase), plan.Ops, writer.Write);
        var buffer = new byte[65536];
        int read;
        while ((read = body.Read(buffer)) > 0)
        {
            applier.WriteLiteral(buffer.AsSpan(0, read));
        }

        applier.Finish();
        return writer.Commit(plan.Sha256, 1_700_000_000_000_000_000, ExpectedTarget.Of(_box.Root.Stat(P("f.txt"))));
    }
}
