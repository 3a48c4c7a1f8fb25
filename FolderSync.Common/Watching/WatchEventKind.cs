namespace FolderSync.Common.Watching;

/// <summary>The inotify event kinds the aggregator understands, one per event.</summary>
internal enum WatchEventKind
{
    Created,
    Modified,
    ClosedWrite,
    Attrib,
    Deleted,
    MovedFrom,
    MovedTo,
}
