using System.Text.Json.Nodes;

namespace FolderSync.Common.Folders;

/// <summary>Shapes shared by both daemons' <c>status</c> documents.</summary>
internal static class StatusJson
{
    /// <summary>A count and the first paths with their reasons (<c>localOnly</c>, <c>skipped</c>).</summary>
    public static JsonObject PathList(int count, IEnumerable<(string Path, string Reason)> first) => new()
    {
        ["count"] = count,
        ["paths"] = new JsonArray(first.Select(p => (JsonNode)new JsonObject { ["path"] = p.Path, ["reason"] = p.Reason }).ToArray()),
    };
}
