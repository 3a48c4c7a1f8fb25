using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>
/// A local move of the server version with hash <see cref="BaseSha256"/> from <see cref="From"/> to
/// <see cref="ServerProposal.Path"/>; <see cref="State"/> is the entry as it now is at the destination.
/// </summary>
public sealed record MoveProposal(RelativePath From, RelativePath Path, string BaseSha256, EntryState State) : ServerProposal(Path);
