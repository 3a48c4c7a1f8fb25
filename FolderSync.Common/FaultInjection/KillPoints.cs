namespace FolderSync.Common.FaultInjection;

/// <summary>
/// The named moments of a received file's commit where <see cref="KillSwitch"/> can crash the daemon, in order.
/// For fault-injection tests only (docs/security.md).
/// </summary>
public static class KillPoints
{
    /// <summary>The temp file holds the whole verified content (fsynced where the writer fsyncs), not yet renamed.</summary>
    public const string AfterTempWrite = "after-temp-write";

    /// <summary>The new content is visible at its path; the state row is not written yet.</summary>
    public const string AfterRename = "after-rename";

    /// <summary>A client's received files are durable (syncfs done); the rows that record them are not written yet.</summary>
    public const string AfterFlush = "after-flush";

    /// <summary>The state transaction that records the file is open and about to commit.</summary>
    public const string BeforeStateCommit = "before-state-commit";

    /// <summary>The state is committed; the server has not sent its ACK, the client has not recorded the sequence.</summary>
    public const string BeforeAck = "before-ack";

    public static IReadOnlyList<string> All { get; } = [AfterTempWrite, AfterRename, AfterFlush, BeforeStateCommit, BeforeAck];
}
