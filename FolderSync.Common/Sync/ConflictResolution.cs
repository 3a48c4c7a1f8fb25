using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>Who keeps the path, and who authored the losing version and when (in server time), for its copy's name.</summary>
public sealed record ConflictResolution(ConflictWinner Winner, string LoserOrigin, DateTimeOffset LoserModified, string Reason)
{
    /// <summary>Where the losing version is kept: beside <paramref name="path"/>, named deterministically.</summary>
    public RelativePath CopyPathFor(RelativePath path) => ConflictNames.For(path, LoserModified, LoserOrigin);
}
