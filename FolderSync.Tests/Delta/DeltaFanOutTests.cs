using System.Diagnostics;
using FolderSync.Client.Security;
using FolderSync.Server.Security;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Delta;

/// <summary>A client's FILE_DELTA upload reaches the other clients as the same delta, counted per client by proxies.</summary>
public sealed class DeltaFanOutTests
{
    /// <summary>The counting proxies read frames, so these runs use plain TCP (allowed on loopback only).</summary>
    private static readonly ClientSecurityOptions PlainLoopback = new() { UseTls = false, AllowPlainTcp = true };

    private const int Mib = 1024 * 1024;

    [Test]
    public async Task A_one_line_edit_of_64_MiB_on_one_client_reaches_two_others_with_under_one_percent_each()
    {
        await using var pair = new EnginePair();
        byte[] original = DeltaText.Generate(64 * Mib, seed: 61);
        File.WriteAllBytes(pair.Server("big.txt"), original);
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        var proxies = new List<DeltaCountingProxy>();
        try
        {
            for (int client = 0; client < 3; client++)
            {
                proxies.Add(new DeltaCountingProxy(pair.Port));
                await pair.StartClientAsync(client, port: proxies[client].Port, security: PlainLoopback);
            }

            for (int client = 0; client < 3; client++)
            {
                await Eventually.FileHasBytesAsync(pair.Local("big.txt", client), original, TimeSpan.FromSeconds(60));
                await pair.IdleAsync(client);
            }

            await Eventually.TrueAsync(() => Enumerable.Range(0, 3).All(c => pair.ClientAt(c).PendingChunkLists == 0), TimeSpan.FromSeconds(30), "every client recorded the chunk list of its base");
            long[] before = [.. proxies.Select(p => p.ServerToClientBytes)];
            long upBefore = proxies[0].ClientToServerBytes;

            byte[] edited = DeltaText.ReplaceLine(original, original.Length / 2, "one line edited on client 0");
            var watch = Stopwatch.StartNew();
            DaemonFixtureFiles.WriteByRename(pair.Root, pair.Local("big.txt"), edited);
            for (int client = 1; client < 3; client++)
            {
                await Eventually.FileHasBytesAsync(pair.Local("big.txt", client), edited, TimeSpan.FromSeconds(30));
            }

            long elapsed = watch.ElapsedMilliseconds;
            for (int client = 0; client < 3; client++)
            {
                await pair.IdleAsync(client);
            }

            long up = proxies[0].ClientToServerBytes - upBefore;
            TestContext.Out.WriteLine($"one-line edit of 64 MiB on client 0: {up} bytes up ({100.0 * up / edited.Length:F3} %), on the other clients in {elapsed} ms");
            Assert.That(up, Is.LessThan(edited.Length / 100), "client 0 sent a delta");
            for (int client = 1; client < 3; client++)
            {
                long down = proxies[client].ServerToClientBytes - before[client];
                TestContext.Out.WriteLine($"client {client}: {down} bytes down ({100.0 * down / edited.Length:F3} %)");
                Assert.That(down, Is.LessThan(edited.Length / 100), $"client {client} received a delta, not the whole file");
                Assert.That(proxies[client].CountedFrames, Is.EqualTo(1), $"client {client}: one FILE_DELTA");
            }

            await pair.AssertInvariantsAsync(); // while the proxies still run: the clients reach the server only through them
        }
        finally
        {
            foreach (var proxy in proxies)
            {
                await proxy.DisposeAsync();
            }
        }
    }
}
