using FolderSync.Common.Configuration;
using FolderSync.Common.Protocol;
using Microsoft.Extensions.Logging;

namespace FolderSync.Common.Peers;

/// <summary>
/// PING every interval; a link with no traffic for the timeout is dropped (a half-open peer sends no FIN).
/// Each PONG gives the round trip and refreshes the clock offset: peer clock + offset = our clock.
/// </summary>
internal sealed class PingTracker
{
    /// <summary>
    /// Offsets under this are measurement noise (a one-way delay, a busy scheduler, ms rounding) between
    /// clocks that are in fact synced: correcting by them would turn the server's tie into a coin toss.
    /// </summary>
    internal static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(1);

    private long _lastId;
    private long _sentTicks;
    private TimeSpan _clockOffset;

    public TimeSpan ClockOffset
    {
        get => _clockOffset.Duration() < ClockTolerance ? TimeSpan.Zero : _clockOffset;
        private set => _clockOffset = value;
    }

    public double? RttMs { get; private set; }

    /// <summary>For <c>status</c>: how far the peer's clock is ahead of ours (negative: behind), 0 within the tolerance.</summary>
    public long PeerAheadMs => (long)-ClockOffset.TotalMilliseconds;

    public void SetClock(long peerClockUnixMs) => ClockOffset = TimeSpan.FromMilliseconds(NowMs() - peerClockUnixMs);

    public void OnPong(PongMessage pong)
    {
        if (pong.Id != Interlocked.Read(ref _lastId))
        {
            return;
        }

        double rtt = TimeSpan.FromTicks(Environment.TickCount64 * TimeSpan.TicksPerMillisecond - Interlocked.Read(ref _sentTicks)).TotalMilliseconds;
        RttMs = Math.Round(rtt, 2);
        ClockOffset = TimeSpan.FromMilliseconds(NowMs() - (pong.ClockUnixMs + (rtt / 2)));
    }

    public IDisposable Start(PeerLink link, HealthOptions health, ILogger logger, CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = RunAsync(link, health, logger, stop.Token);
        return stop;
    }

    private async Task RunAsync(PeerLink link, HealthOptions health, ILogger logger, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(health.PingTimeoutSeconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Min(health.PingIntervalSeconds, health.PingTimeoutSeconds / 3.0)));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (TimeSpan.FromMilliseconds(Environment.TickCount64 - link.LastReceivedTicks) > timeout)
                {
                    logger.LogWarning("No traffic from {Peer} for {Timeout} s: dropping the connection", link.RemoteEndPoint, health.PingTimeoutSeconds);
                    link.Close(new TimeoutException($"no PONG within {health.PingTimeoutSeconds} s"));
                    return;
                }

                long id = Interlocked.Increment(ref _lastId);
                Interlocked.Exchange(ref _sentTicks, Environment.TickCount64 * TimeSpan.TicksPerMillisecond);
                link.Send(new PingMessage(id, NowMs()));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
