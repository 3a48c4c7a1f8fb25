using FolderSync.Common.Protocol;

namespace FolderSync.Common.Sync;

/// <summary>New content for a path, with the hash of the server version the client edited (null: it had none).</summary>
public sealed record UpdateProposal(RelativePath Path, string? BaseSha256, EntryState State) : ServerProposal(Path);
