namespace FolderSync.Server.History;

/// <summary>A recorded version; <see cref="Id"/> is the number <c>history</c> shows and <c>restore --version</c> takes.</summary>
public sealed record HistoryVersion(long Id, HistoryEntry Entry, bool Stored);
