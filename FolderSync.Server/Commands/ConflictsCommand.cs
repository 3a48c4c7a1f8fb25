using System.Text.Json.Nodes;
using FolderSync.Server.Engine;

namespace FolderSync.Server.Commands;

/// <summary><c>conflicts</c>: every open conflict of the folder, oldest first. Reads only; any caller may ask.</summary>
internal static class ConflictsCommand
{
    public static JsonObject Run(PublishedFolder folder) => new()
    {
        ["conflicts"] = new JsonArray([.. folder.OpenConflicts().Select(c => (JsonNode)new JsonObject
        {
            ["path"] = c.Path,
            ["copy"] = c.CopyPath,
            ["file"] = new JsonObject { ["origin"] = c.WinnerOrigin, ["time"] = CommandRequest.Iso(c.WinnerTime) },
            ["copyOf"] = new JsonObject { ["origin"] = c.LoserOrigin, ["time"] = CommandRequest.Iso(c.LoserTime) },
            ["recorded"] = CommandRequest.Iso(c.Recorded),
        })]),
    };
}
