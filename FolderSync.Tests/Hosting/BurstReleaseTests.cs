using FolderSync.Common.Hosting;

namespace FolderSync.Tests.Hosting;

[TestFixture]
public sealed class BurstReleaseTests
{
    private long _allocated;
    private int _releases;

    [SetUp]
    public void SetUp()
    {
        _allocated = 1_000;
        _releases = 0;
    }

    [Test]
    public void Releases_once_when_a_burst_is_followed_by_a_quiet_tick()
    {
        var watch = new BurstRelease(() => _allocated, () => _releases++);
        for (int i = 0; i < 4; i++)
        {
            _allocated += BurstRelease.BurstBytes / 4;
            watch.Tick();
        }

        Assert.That(_releases, Is.Zero, "still busy");
        watch.Tick();
        Assert.That(_releases, Is.EqualTo(1));
        watch.Tick();
        Assert.That(_releases, Is.EqualTo(1), "an idle daemon is not collected again and again");
    }

    [Test]
    public void A_small_burst_or_a_steady_trickle_releases_nothing()
    {
        var watch = new BurstRelease(() => _allocated, () => _releases++);
        _allocated += BurstRelease.BurstBytes / 2;
        watch.Tick();
        watch.Tick();
        for (int i = 0; i < 100; i++)
        {
            _allocated += BurstRelease.QuietBytes - 1;
            watch.Tick();
        }

        Assert.That(_releases, Is.Zero);
    }
}
