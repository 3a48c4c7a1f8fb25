namespace FolderSync.Common.Sync;

/// <summary>A <see cref="SafetyOutcome"/> with the reason shown by status.</summary>
public sealed record SafetyVerdict(SafetyOutcome Outcome, string? Reason = null)
{
    public static readonly SafetyVerdict Proceed = new(SafetyOutcome.Proceed);
}
