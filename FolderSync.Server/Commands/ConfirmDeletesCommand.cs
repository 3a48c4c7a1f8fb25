using System.Text.Json.Nodes;
using FolderSync.Server.Engine;

namespace FolderSync.Server.Commands;

/// <summary>
/// <c>confirm-deletes</c>: the deletes the mass-delete guard holds go out. Releasing deletes is deleting, so only the
/// operator and Full clients may (an EditOnly client's own deletes are never propagated either).
/// </summary>
internal static class ConfirmDeletesCommand
{
    private const string Verb = "confirm-deletes";

    public static async Task<JsonObject> RunAsync(PublishedFolder folder, CommandCaller caller)
    {
        caller.RequireFull(Verb, "it deletes files on every client");
        string? reason = folder.HeldDeletesReason;
        int released = await folder.ConfirmDeletesAsync();
        return new JsonObject { ["released"] = released, ["reason"] = reason };
    }
}
