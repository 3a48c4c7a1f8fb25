using FolderSync.Common.Protocol;

namespace FolderSync.Common.Watching;

/// <summary>A rename inside the folder; a directory move is one move for its whole subtree.</summary>
public readonly record struct WatchMove(RelativePath From, RelativePath To, bool IsDirectory);
