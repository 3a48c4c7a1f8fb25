using FolderSync.Common.FileSystem;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>The per-test invariant sweep can fail: each case breaks one invariant and expects the sweep to name it.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class SyncInvariantsTests
{
    [Test]
    public async Task A_changed_sentinel_beside_the_root_fails_the_sweep()
    {
        await using var pair = new EnginePair();
        await ConvergeAsync(pair);
        File.AppendAllText(pair.ServerPath + ".sentinel", "written through an escape\n");

        var failure = Assert.ThrowsAsync<AssertionException>(pair.AssertInvariantsAsync);
        Assert.That(failure!.Message, Does.Contain("outside the roots").And.Contain("server.sentinel"));
        pair.Invariants.Waive(Invariant.NothingOutsideChanged, "this test changes a sentinel to show the sweep sees it");
    }

    [Test]
    public async Task A_temp_file_left_in_a_root_fails_the_sweep()
    {
        await using var pair = new EnginePair();
        await ConvergeAsync(pair);
        string temp = pair.Local(AtomicFileWriter.TempPrefix + "left-over");
        File.WriteAllText(temp, "half a file\n");

        var failure = Assert.ThrowsAsync<AssertionException>(pair.AssertInvariantsAsync);
        Assert.That(failure!.Message, Does.Contain("temp file left").And.Contain(temp));
        File.Delete(temp);
    }

    private static async Task ConvergeAsync(EnginePair pair)
    {
        File.WriteAllText(pair.Server("a.txt"), "a\n");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("a.txt"), "a\n");
        await pair.IdleAsync();
    }
}
