using FolderSync.Client.Engine;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>The syncfs off the folder loop: a slow flush blocks no caller, and requests during it coalesce into one more.</summary>
public sealed class FileSystemFlusherTests
{
    [Test]
    public async Task Requests_during_a_slow_flush_return_at_once_and_coalesce_into_one_more_flush()
    {
        using var release = new ManualResetEventSlim();
        int flushes = 0;
        int failures = 0; // counted, not asserted in the callback: it runs on the flusher's thread
        var flusher = new FileSystemFlusher(
            () =>
            {
                Interlocked.Increment(ref flushes);
                release.Wait(TimeSpan.FromSeconds(20));
            },
            _ => Interlocked.Increment(ref failures));

        flusher.Request();
        await Eventually.TrueAsync(() => Volatile.Read(ref flushes) == 1, TimeSpan.FromSeconds(10), "the first flush to start");
        for (int i = 0; i < 100; i++)
        {
            flusher.Request(); // must not wait for the flush in progress
        }

        release.Set();
        await Eventually.TrueAsync(() => Volatile.Read(ref flushes) == 2, TimeSpan.FromSeconds(10), "one more flush for the requests made during the first");
        flusher.Request();
        await Eventually.TrueAsync(() => Volatile.Read(ref flushes) == 3, TimeSpan.FromSeconds(10), "a request after both ended flushes again");
        Assert.That(Volatile.Read(ref flushes), Is.EqualTo(3));
        Assert.That(Volatile.Read(ref failures), Is.Zero, "no failure expected");
    }

    [Test]
    public async Task A_failed_flush_is_reported_and_the_next_request_flushes_again()
    {
        int attempts = 0;
        var failures = new List<string>();
        var flusher = new FileSystemFlusher(
            () =>
            {
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    throw new IOException("syncfs: EIO");
                }
            },
            ex => { lock (failures) { failures.Add(ex.Message); } });

        flusher.Request();
        await Eventually.TrueAsync(() => { lock (failures) { return failures.Count == 1; } }, TimeSpan.FromSeconds(10), "the failure reported");
        await Eventually.TrueAsync(
            () =>
            {
                flusher.Request();
                return Volatile.Read(ref attempts) >= 2;
            },
            TimeSpan.FromSeconds(10),
            "a later request flushes again");
        Assert.That(failures, Is.EqualTo(new[] { "syncfs: EIO" }));
    }
}
