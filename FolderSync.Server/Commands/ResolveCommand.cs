using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;
using FolderSync.Common.Protocol;
using FolderSync.Server.Engine;
using FolderSync.Server.History;

namespace FolderSync.Server.Commands;

/// <summary>
/// <c>resolve {path | all:true, keep}</c>: ends open conflicts. <c>mine</c> and <c>theirs</c> are the caller's side
/// and the other: a client's side is the version it authored; the operator's (or a client's that authored neither) is
/// the file as it is on its path, and theirs the conflict copy. <c>merged</c> keeps the file as edited by hand,
/// <c>both</c> keeps the copy as a file of its own. ReadOnly clients may not resolve; EditOnly clients may: keeping
/// a side writes an existing file (an edit), and the copy removed is sync's own, its content still in history.
/// </summary>
internal static class ResolveCommand
{
    private const string Verb = "resolve";

    public static async Task<JsonObject> RunAsync(PublishedFolder folder, JsonObject request, CommandCaller caller)
    {
        string keep = CommandRequest.Text(request, "keep") is { } asked && HistoryVerbs.KeepChoices.Contains(asked)
            ? asked
            : throw new ControlException(ControlException.Usage, $"resolve needs keep: {string.Join('|', HistoryVerbs.KeepChoices)}");
        bool all = CommandRequest.Flag(request, "all");
        var path = CommandRequest.OptionalPath(request, "path", Verb);
        if (all == path.HasValue)
        {
            throw new ControlException(ControlException.Usage, "resolve takes a path or all, exactly one");
        }

        caller.RequireWrite(Verb);
        var open = folder.OpenConflicts().Where(c => all || c.Path == path!.Value.Value || c.CopyPath == path.Value.Value).ToList();
        if (open.Count == 0)
        {
            throw new ControlException(ControlException.Failed, all ? "resolve: there are no open conflicts" : $"resolve: {path} has no open conflict");
        }

        var done = new JsonArray();
        int resolved = 0;
        foreach (var conflict in open)
        {
            var kept = Kept(conflict, keep, caller);
            resolved += await folder.ResolveAsync(RelativePath.Parse(conflict.CopyPath), kept, caller.Origin);
            done.Add((JsonNode)new JsonObject { ["path"] = conflict.Path, ["copy"] = conflict.CopyPath, ["kept"] = kept.ToString().ToLowerInvariant() });
        }

        return new JsonObject { ["resolved"] = resolved, ["keep"] = keep, ["conflicts"] = done };
    }

    private static ConflictKeep Kept(OpenConflict conflict, string keep, CommandCaller caller)
    {
        // The copy holds the caller's version only when the caller authored the loser and not the winner.
        bool mineIsCopy = conflict.LoserOrigin == caller.Origin && conflict.WinnerOrigin != caller.Origin;
        return keep switch
        {
            "both" => ConflictKeep.Both,
            "merged" => ConflictKeep.File,
            "mine" => mineIsCopy ? ConflictKeep.Copy : ConflictKeep.File,
            _ => mineIsCopy ? ConflictKeep.File : ConflictKeep.Copy,
        };
    }
}
