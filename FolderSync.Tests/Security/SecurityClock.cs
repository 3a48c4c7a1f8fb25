namespace FolderSync.Tests.Security;

/// <summary>Wall-clock time the test moves by hand (lockout expiry without waiting).</summary>
internal sealed class SecurityClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
