using FolderSync.Common.Protocol;

namespace FolderSync.Common.Scanning;

/// <param name="Detail">Extra words for logs and <c>status</c> (an errno, a size), or null.</param>
public sealed record SkippedEntry(RelativePath Path, SkipReason Reason, string? Detail = null);
