namespace FolderSync.Server.History;

/// <summary>What one retention pass removed, and what the store holds after it.</summary>
public readonly record struct PruneResult(int VersionsRemoved, int ContentsRemoved, long StoredBytes);
