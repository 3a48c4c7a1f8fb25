using FolderSync.Common.Sync;
using static FolderSync.Tests.Sync.SyncStates;

namespace FolderSync.Tests.Sync;

public sealed class ConflictPolicyTests
{
    private const long Second = 1_000_000_000;
    private static readonly long Noon = new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    [Test]
    public void Newer_client_version_wins()
    {
        var result = ConflictPolicy.Resolve(File(HashA, Noon), "server", File(HashB, Noon + Second), "laptop", TimeSpan.Zero);

        Assert.That(result.Winner, Is.EqualTo(ConflictWinner.Client));
        Assert.That(result.LoserOrigin, Is.EqualTo("server"));
        Assert.That(result.LoserModified, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(Noon / 1_000_000)));
    }

    [Test]
    public void Newer_server_version_wins()
    {
        var result = ConflictPolicy.Resolve(File(HashA, Noon + Second), "desk", File(HashB, Noon), "laptop", TimeSpan.Zero);

        Assert.That(result.Winner, Is.EqualTo(ConflictWinner.Server));
        Assert.That(result.LoserOrigin, Is.EqualTo("laptop"));
    }

    [Test]
    public void Tie_goes_to_the_server()
    {
        var result = ConflictPolicy.Resolve(File(HashA, Noon), "server", File(HashB, Noon), "laptop", TimeSpan.Zero);

        Assert.That(result.Winner, Is.EqualTo(ConflictWinner.Server));
        Assert.That(result.Reason, Does.Contain("tie"));
    }

    [Test]
    public void Tie_after_clock_correction_goes_to_the_server()
    {
        // The client's clock runs 5 s behind: its mtime + 5 s equals the server's.
        var result = ConflictPolicy.Resolve(File(HashA, Noon + (5 * Second)), "server", File(HashB, Noon), "laptop", TimeSpan.FromSeconds(5));

        Assert.That(result.Winner, Is.EqualTo(ConflictWinner.Server));
    }

    [Test]
    public void Clock_offset_flips_the_winner()
    {
        var server = File(HashA, Noon);
        var client = File(HashB, Noon + (2 * Second)); // looks newer on the client's clock...

        var uncorrected = ConflictPolicy.Resolve(server, "server", client, "laptop", TimeSpan.Zero);
        var corrected = ConflictPolicy.Resolve(server, "server", client, "laptop", TimeSpan.FromSeconds(-10)); // ...but its clock is 10 s fast

        Assert.That(uncorrected.Winner, Is.EqualTo(ConflictWinner.Client));
        Assert.That(corrected.Winner, Is.EqualTo(ConflictWinner.Server));
        Assert.That(corrected.LoserModified, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds((Noon / 1_000_000) - 8_000)), "the loser's time is in server time");
    }

    [Test]
    public void Slow_client_clock_makes_an_older_looking_edit_win()
    {
        var result = ConflictPolicy.Resolve(File(HashA, Noon), "server", File(HashB, Noon - (3 * Second)), "laptop", TimeSpan.FromSeconds(60));

        Assert.That(result.Winner, Is.EqualTo(ConflictWinner.Client));
    }

    [Test]
    public void A_directory_is_kept_over_a_newer_file()
    {
        var serverDir = ConflictPolicy.Resolve(EntryState.Directory(Noon), "server", File(HashB, Noon + Second), "laptop", TimeSpan.Zero);
        var clientDir = ConflictPolicy.Resolve(File(HashA, Noon + Second), "server", EntryState.Directory(Noon), "laptop", TimeSpan.Zero);

        Assert.That(serverDir.Winner, Is.EqualTo(ConflictWinner.Server));
        Assert.That(clientDir.Winner, Is.EqualTo(ConflictWinner.Client));
        Assert.That(clientDir.LoserOrigin, Is.EqualTo("server"));
    }

    [Test]
    public void Copy_path_is_beside_the_file_and_named_after_the_loser()
    {
        var result = ConflictPolicy.Resolve(File(HashA, Noon), "server", File(HashB, Noon - Second), "laptop-1", TimeSpan.Zero);

        Assert.That(result.CopyPathFor(P("notes/todo.md")), Is.EqualTo(P("notes/todo.sync-conflict-20260314-115959-laptop-1.md")));
    }

    [Test]
    public void A_client_mtime_moves_onto_the_server_clock_and_saturates_at_the_ends()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConflictPolicy.ToServerClock(Noon, TimeSpan.FromMinutes(-5)), Is.EqualTo(Noon - (300 * Second)));
            Assert.That(ConflictPolicy.ToServerClock(Noon, TimeSpan.FromMinutes(5)), Is.EqualTo(Noon + (300 * Second)));
            Assert.That(ConflictPolicy.ToServerClock(Noon, TimeSpan.Zero), Is.EqualTo(Noon));
            Assert.That(ConflictPolicy.ToServerClock(long.MaxValue - 1, TimeSpan.FromMinutes(5)), Is.EqualTo(long.MaxValue));
            Assert.That(ConflictPolicy.ToServerClock(long.MinValue + 1, TimeSpan.FromMinutes(-5)), Is.EqualTo(long.MinValue));
        });
    }
}
