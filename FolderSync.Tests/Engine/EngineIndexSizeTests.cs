using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>
/// The index is as large as the folder: it is queued outside the cap on bytes queued to a connection, which is there
/// for a peer that stops reading live pushes. With the index under the cap, a folder of more than ~230,000 files
/// (64 MiB of queued index) could never be synced: the server hung up in the middle of every full index.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class EngineIndexSizeTests
{
    [Test]
    public async Task An_index_many_times_the_queue_cap_reaches_the_client_whole()
    {
        await using var pair = new EnginePair();
        const int files = 2_000;
        for (int i = 0; i < files; i++)
        {
            Directory.CreateDirectory(pair.Server($"d{i % 20:D2}"));
            File.WriteAllText(pair.Server($"d{i % 20:D2}/file-with-a-longish-name-{i:D5}.txt"), $"content {i}\n");
        }

        // About 300 bytes queued per index entry: 2,000 entries are ~600 KiB, over twice this cap.
        await pair.StartServerAsync(security: pair.DefaultServerSecurity() with { MaxQueuedBytes = 256 * 1024 });
        await pair.StartClientAsync();

        await Eventually.TrueAsync(
            () => Directory.EnumerateFiles(pair.LocalRoot(0), "*.txt", SearchOption.AllDirectories).Count() == files,
            TimeSpan.FromSeconds(60), "every file reached the client");
        Assert.That(pair.ServerLog.Any(l => l.Contains("is not reading", StringComparison.Ordinal)), Is.False, "the server never hung up on the client");
        Assert.That(File.ReadAllText(pair.Local("d07/file-with-a-longish-name-01987.txt")), Is.EqualTo("content 1987\n"));
    }
}
