using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>A change a client asks the server to accept at <see cref="Path"/>.</summary>
public abstract record ServerProposal(RelativePath Path);
