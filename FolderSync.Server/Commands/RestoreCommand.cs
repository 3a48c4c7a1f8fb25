using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;
using FolderSync.Server.Engine;
using FolderSync.Server.History;

namespace FolderSync.Server.Commands;

/// <summary>
/// <c>restore {path, version? | before?, to?}</c>: a version from history written back through the folder loop, a
/// new version every client receives. Without a version: the newest stored content other than the current one (the
/// last content of a deleted file). ReadOnly clients may not restore; EditOnly clients may restore over a file that
/// exists (an edit), not bring back a deleted one or write a new path (a create, which EditOnly never uploads).
/// </summary>
internal static class RestoreCommand
{
    private const string Verb = "restore";

    public static async Task<JsonObject> RunAsync(PublishedFolder folder, JsonObject request, CommandCaller caller)
    {
        var path = CommandRequest.Path(request, "path", Verb);
        var to = CommandRequest.OptionalPath(request, "to", Verb);
        long? version = CommandRequest.Number(request, "version", Verb);
        var before = CommandRequest.Time(request, "before", Verb);
        if (version is not null && before is not null)
        {
            throw new ControlException(ControlException.Usage, "restore takes a version or a time (before), not both");
        }

        var target = to ?? path;
        caller.RequireWrite(Verb);
        if (caller.Access == AccessMode.EditOnly && !IsFile(folder, target))
        {
            caller.RequireFull(Verb, $"{target} does not exist, so restoring it creates a file");
        }

        var result = version is { } id ? await folder.RestoreAsync(path, id, to, caller.Origin)
            : before is { } time ? await folder.RestoreAsync(path, time, to, caller.Origin)
            : await folder.RestoreAsync(path, Previous(folder.History, path).Id, to, caller.Origin);
        if (!result.Restored)
        {
            throw new ControlException(ControlException.Failed, $"restore: {result.Error}");
        }

        return new JsonObject { ["path"] = path.Value, ["version"] = result.VersionId, ["to"] = to?.Value, ["sequence"] = result.Sequence };
    }

    /// <summary>The newest stored content of <paramref name="path"/> other than <paramref name="exceptSha256"/>.</summary>
    public static HistoryVersion? LastStored(HistoryStore history, string path, string? exceptSha256) =>
        history.Versions(path).FirstOrDefault(v => v.Entry.Kind == HistoryKind.Content && v.Stored && v.Entry.Sha256 != exceptSha256);

    private static HistoryVersion Previous(HistoryStore history, RelativePath path)
    {
        var newest = history.Versions(path.Value, 1) is [var first, ..] ? first : null;
        return LastStored(history, path.Value, newest is { Entry.Kind: HistoryKind.Content } ? newest.Entry.Sha256 : null)
            ?? throw new ControlException(ControlException.Failed, $"restore: {path} has no earlier stored version to restore");
    }

    /// <summary>A regular file (not a link) at <paramref name="path"/> in the folder now.</summary>
    private static bool IsFile(PublishedFolder folder, RelativePath path)
    {
        var file = new FileInfo(path.ToFullPath(folder.Path));
        return file.Exists && file.LinkTarget is null;
    }
}
