namespace FolderSync.Common.Protocol;

/// <summary>Server → client: a batch of index entries (full index, or changes since the client's LastSequence).</summary>
public sealed record IndexBatchMessage(IReadOnlyList<IndexEntry> Entries) : Message;
