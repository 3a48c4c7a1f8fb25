namespace FolderSync.Common.Sync;

/// <summary>
/// The policy step after a conflict is found: the newer modification time wins once the client's clock is
/// corrected by the offset measured at handshake, and the server wins a tie. Pure: no clock of its own.
/// </summary>
public static class ConflictPolicy
{
    /// <param name="clientClockOffset">What to add to the client's clock to get the server's (client + offset = server).</param>
    public static ConflictResolution Resolve(
        EntryState serverVersion, string serverOrigin, EntryState clientVersion, string clientId, TimeSpan clientClockOffset)
    {
        ArgumentNullException.ThrowIfNull(serverVersion);
        ArgumentNullException.ThrowIfNull(clientVersion);

        var serverTime = FromUnixNs(serverVersion.MtimeNs);
        var clientTime = FromUnixNs(clientVersion.MtimeNs) + clientClockOffset;

        if (serverVersion.Kind != clientVersion.Kind)
        {
            // A directory is never renamed aside for a file: moving a subtree is far riskier than keeping a file's copy.
            return serverVersion.IsDirectory
                ? new ConflictResolution(ConflictWinner.Server, clientId, clientTime, "a directory is kept over a file")
                : new ConflictResolution(ConflictWinner.Client, serverOrigin, serverTime, "a directory is kept over a file");
        }

        return clientTime > serverTime
            ? new ConflictResolution(ConflictWinner.Client, serverOrigin, serverTime, "the client's version is newer")
            : new ConflictResolution(ConflictWinner.Server, clientId, clientTime,
                clientTime == serverTime ? "same modification time; the server wins a tie" : "the server's version is newer");
    }

    /// <summary>A client's mtime (ns) on the server's clock; saturates instead of wrapping on absurd values.</summary>
    public static long ToServerClock(long clientMtimeNs, TimeSpan clientClockOffset)
    {
        long offsetNs = clientClockOffset.Ticks * 100;
        return offsetNs >= 0
            ? (clientMtimeNs > long.MaxValue - offsetNs ? long.MaxValue : clientMtimeNs + offsetNs)
            : (clientMtimeNs < long.MinValue - offsetNs ? long.MinValue : clientMtimeNs + offsetNs);
    }

    private static DateTimeOffset FromUnixNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);
}
