namespace FolderSync.Common.Protocol;

/// <summary>Server → client: the index is complete up to <paramref name="Sequence"/>; live pushes follow.</summary>
public sealed record IndexEndMessage(long Sequence) : Message;
