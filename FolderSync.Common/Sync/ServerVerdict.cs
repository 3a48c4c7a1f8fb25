namespace FolderSync.Common.Sync;

/// <summary>A <see cref="ServerOutcome"/> with a reason for status, logs and the wire.</summary>
public sealed record ServerVerdict(ServerOutcome Outcome, string? Reason = null);
