using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>A local delete of the server version with hash <see cref="BaseSha256"/> (empty for a directory).</summary>
public sealed record DeleteProposal(RelativePath Path, string BaseSha256) : ServerProposal(Path);
