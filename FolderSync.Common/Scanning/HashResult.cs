using FolderSync.Common.FileSystem;

namespace FolderSync.Common.Scanning;

/// <param name="Sha256">Lower-case hex; empty unless <see cref="Status"/> is Ok.</param>
/// <param name="Stat">The file as it was while hashed (via the open handle); default unless opened.</param>
/// <param name="Error">The errno or exception message when unreadable.</param>
public sealed record HashResult(HashStatus Status, string Sha256, FileStatus Stat, string? Error = null)
{
    public bool IsOk => Status == HashStatus.Ok;

    internal static HashResult Failed(HashStatus status, FileStatus stat = default, string? error = null) => new(status, string.Empty, stat, error);
}
