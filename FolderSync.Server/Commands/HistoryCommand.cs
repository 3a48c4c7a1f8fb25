using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Server.Engine;
using FolderSync.Server.History;

namespace FolderSync.Server.Commands;

/// <summary>
/// <c>history {path}</c>: the versions of a file, newest first; <c>history {deleted:true}</c>: the files whose last
/// row is a delete, with the version that would bring each back. Reads only; any caller may ask.
/// </summary>
internal static class HistoryCommand
{
    private const int ShortHash = 12;

    public static JsonObject Run(PublishedFolder folder, JsonObject request)
    {
        if (CommandRequest.Flag(request, "deleted"))
        {
            return new JsonObject { ["deleted"] = new JsonArray([.. folder.History.Deleted().Select(d => (JsonNode)Deleted(folder.History, d))]) };
        }

        var path = CommandRequest.Path(request, "path", "history");
        var versions = folder.History.Versions(path.Value);
        if (versions.Count == 0)
        {
            throw new ControlException(ControlException.Failed, $"history: {path} has no recorded versions in folder {folder.Name}");
        }

        return new JsonObject
        {
            ["path"] = path.Value,
            ["versions"] = new JsonArray([.. versions.Select((v, i) => (JsonNode)Version(v, i + 1 < versions.Count ? versions[i + 1] : null))]),
        };
    }

    /// <summary>What a version's row means: its kind, told apart by the note the engine wrote with it.</summary>
    public static string KindOf(HistoryEntry entry, HistoryEntry? older)
    {
        string note = entry.Note ?? string.Empty;
        if (entry.Kind == HistoryKind.Deleted)
        {
            return note.StartsWith("moved to ", StringComparison.Ordinal) ? "move" : "delete";
        }

        return note switch
        {
            "merged" => "merge",
            "merge-input" => "merge-input",
            _ when note.StartsWith("moved from ", StringComparison.Ordinal) => "move",
            _ when note.StartsWith("conflict loser", StringComparison.Ordinal) => "conflict",
            _ when note.StartsWith("restored from", StringComparison.Ordinal) => "restore",
            _ when note.StartsWith("resolved", StringComparison.Ordinal) => "resolve",
            _ when older is null or { Kind: HistoryKind.Deleted } => "create",
            _ => "edit",
        };
    }

    private static JsonObject Version(HistoryVersion version, HistoryVersion? older) => new JsonObject
    {
        ["version"] = version.Id,
        ["sequence"] = version.Entry.Sequence,
        ["time"] = CommandRequest.Iso(version.Entry.Time),
        ["origin"] = version.Entry.Origin,
        ["size"] = version.Entry.Size,
        ["sha256"] = version.Entry.Sha256[..Math.Min(ShortHash, version.Entry.Sha256.Length)],
        ["kind"] = KindOf(version.Entry, older?.Entry),
        ["note"] = version.Entry.Note,
        ["stored"] = version.Entry.Kind == HistoryKind.Content ? version.Stored : null, // a delete has no content to keep
    };

    private static JsonObject Deleted(HistoryStore history, HistoryVersion delete) => new JsonObject
    {
        ["path"] = delete.Entry.Path,
        ["version"] = delete.Id,
        ["sequence"] = delete.Entry.Sequence,
        ["time"] = CommandRequest.Iso(delete.Entry.Time),
        ["origin"] = delete.Entry.Origin,
        ["size"] = delete.Entry.Size,
        ["note"] = delete.Entry.Note,
        ["restoreVersion"] = RestoreCommand.LastStored(history, delete.Entry.Path, exceptSha256: null)?.Id,
    };
}
