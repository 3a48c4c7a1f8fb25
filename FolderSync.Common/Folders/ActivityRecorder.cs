using FolderSync.Common.Protocol;

namespace FolderSync.Common.Folders;

/// <summary>One folder's way into the daemon's <see cref="ActivityLog"/>: what the writer of its state calls after each change.</summary>
public sealed class ActivityRecorder(ActivityLog log, string folder)
{
    public void Record(ActivityKind kind, ActivityDirection direction, RelativePath path, long size, string who, RelativePath? to = null) =>
        log.Add(folder, kind, direction, path.Value, to?.Value, size, who);
}
