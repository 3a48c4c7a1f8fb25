using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>A directory the client created.</summary>
public sealed record CreateDirectoryProposal(RelativePath Path) : ServerProposal(Path);
