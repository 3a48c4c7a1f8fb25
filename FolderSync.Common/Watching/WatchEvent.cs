using FolderSync.Common.Protocol;

namespace FolderSync.Common.Watching;

/// <summary>One inotify event with its path resolved against the folder root.</summary>
internal readonly record struct WatchEvent(RelativePath Path, WatchEventKind Kind, bool IsDirectory, uint Cookie = 0);
