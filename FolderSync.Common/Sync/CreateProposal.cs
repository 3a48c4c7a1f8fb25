using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>A file (or directory) the client created where it had never synced anything.</summary>
public sealed record CreateProposal(RelativePath Path, EntryState State) : ServerProposal(Path);
