using System.Text.Json.Nodes;

namespace FolderSync.Common.Folders;

/// <summary>One change in the <see cref="ActivityLog"/>; <paramref name="Who"/> is the change's origin (a client id or <c>server</c>).</summary>
public sealed record ActivityEntry(
    long Id, DateTimeOffset Time, string Folder, string Path, string? To, ActivityKind Kind, ActivityDirection Direction, long Size, string Who)
{
    /// <summary>The entry as the <c>activity</c> verb answers it (names lower-case, time UTC).</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["time"] = Time.UtcDateTime.ToString("O"),
        ["folder"] = Folder,
        ["path"] = Path,
        ["to"] = To,
        ["kind"] = Kind.ToString().ToLowerInvariant(),
        ["direction"] = Direction.ToString().ToLowerInvariant(),
        ["size"] = Size,
        ["who"] = Who,
    };
}
