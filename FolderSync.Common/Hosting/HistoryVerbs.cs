using System.CommandLine;
using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary>
/// The history verbs on the command line (docs/sync-model.md, History): <c>history</c>, <c>restore</c>,
/// <c>conflicts</c>, <c>resolve</c>, <c>confirm-deletes</c>. Both daemons send the same requests: the server's take
/// <c>--folder</c> (it may publish several), a client's omit it (the server answers about the client's folder).
/// </summary>
public static class HistoryVerbs
{
    public static readonly IReadOnlyList<string> KeepChoices = ["mine", "theirs", "both", "merged"];

    /// <summary>The verbs' names: what the server answers for a folder, and what a client forwards to it.</summary>
    public static IReadOnlyList<string> Names { get; } = ["history", "restore", "conflicts", "resolve", "confirm-deletes"];

    /// <summary>The five verbs as commands of a daemon's command line.</summary>
    public static IEnumerable<Func<DaemonCommandLine, Command>> Commands(bool folderOption) =>
        Create(folderOption).Select(verb => (Func<DaemonCommandLine, Command>)(cli => ControlCommand.Create(cli, verb)));

    /// <summary>The five verbs, each with options of its own (a command line holds an option once).</summary>
    private static IReadOnlyList<ControlVerb> Create(bool folderOption) =>
        [History(folderOption), Restore(folderOption), Conflicts(folderOption), Resolve(folderOption), ConfirmDeletes(folderOption)];

    private static ControlVerb History(bool folderOption)
    {
        var folder = Folder(folderOption);
        var path = PathArgument("The file, relative to the folder's root");
        var deleted = new Option<bool>("--deleted") { Description = "List the deleted files that can be brought back instead" };
        return new ControlVerb("history", "List the versions of a file, newest first (or, with --deleted, the deleted files)")
        {
            Positionals = [path],
            Options = [deleted, .. folder],
            Arguments = result =>
            {
                var request = Request(result, folder);
                string? file = result.GetValue(path);
                if (result.GetValue(deleted))
                {
                    request["deleted"] = file is null ? true : throw new UsageException("history takes a PATH or --deleted, not both");
                }
                else
                {
                    request["path"] = file ?? throw new UsageException("history needs a PATH (or --deleted)");
                }

                return request;
            },
            Format = HistoryFormat.History,
        };
    }

    private static ControlVerb Restore(bool folderOption)
    {
        var folder = Folder(folderOption);
        var path = PathArgument("The file to restore, relative to the folder's root");
        var version = new Option<long?>("--version") { Description = "The version to restore (a number `history` shows; default: the newest before the current content)" };
        var before = new Option<string?>("--before") { Description = "Restore the newest version recorded at or before this time (ISO-8601; UTC unless an offset is given)" };
        var to = new Option<string?>("--to") { Description = "Write the version to this path instead (relative to the folder's root)" };
        return new ControlVerb("restore", "Bring back a version of a file as a new version every client receives (the replaced content stays in history)")
        {
            Positionals = [path],
            Options = [version, before, to, .. folder],
            Arguments = result =>
            {
                var request = Request(result, folder);
                request["path"] = result.GetValue(path) ?? throw new UsageException("restore needs a PATH");
                switch (result.GetValue(version), result.GetValue(before))
                {
                    case ({ }, { }):
                        throw new UsageException("restore takes --version or --before, not both");
                    case ({ } number, null):
                        request["version"] = number > 0 ? number : throw new UsageException($"--version {number}: versions are numbered from 1");
                        break;
                    case (null, { } time):
                        request["before"] = time;
                        break;
                }

                if (result.GetValue(to) is { } target)
                {
                    request["to"] = target;
                }

                return request;
            },
            Format = HistoryFormat.Restore,
        };
    }

    private static ControlVerb Conflicts(bool folderOption)
    {
        var folder = Folder(folderOption);
        return new ControlVerb("conflicts", "List the open conflicts: the file, its conflict copy, both versions' origin and time")
        {
            Options = [.. folder],
            Arguments = result => Request(result, folder),
            Format = HistoryFormat.Conflicts,
        };
    }

    private static ControlVerb Resolve(bool folderOption)
    {
        var folder = Folder(folderOption);
        var path = PathArgument("The conflicted file (or its conflict copy), relative to the folder's root");
        var all = new Option<bool>("--all") { Description = "Resolve every open conflict" };
        var keep = new Option<string?>("--keep")
        {
            Description = "mine (your version), theirs (the other side's), both (keep the copy as a file of its own), merged (the file as you edited it by hand)",
        };
        return new ControlVerb("resolve", "End a conflict: remove the conflict copy and sync the content kept")
        {
            Positionals = [path],
            Options = [all, keep, .. folder],
            Arguments = result =>
            {
                var request = Request(result, folder);
                string? kept = result.GetValue(keep);
                if (kept is null || !KeepChoices.Contains(kept))
                {
                    throw new UsageException($"resolve needs --keep {string.Join('|', KeepChoices)}");
                }

                request["keep"] = kept;
                switch (result.GetValue(path), result.GetValue(all))
                {
                    case (null, false):
                        throw new UsageException("resolve needs a PATH or --all");
                    case ({ }, true):
                        throw new UsageException("resolve takes a PATH or --all, not both");
                    case ({ } file, false):
                        request["path"] = file;
                        break;
                    default:
                        request["all"] = true;
                        break;
                }

                return request;
            },
            Format = HistoryFormat.Resolve,
        };
    }

    private static ControlVerb ConfirmDeletes(bool folderOption)
    {
        var folder = Folder(folderOption);
        return new ControlVerb("confirm-deletes", "Let the deletes held by the mass-delete guard go out to the clients")
        {
            Options = [.. folder],
            Arguments = result => Request(result, folder),
            Format = HistoryFormat.ConfirmDeletes,
        };
    }

    private static Option<string?>[] Folder(bool folderOption) => folderOption
        ? [new Option<string?>("--folder") { Description = "The published folder (needed when the server publishes more than one)" }]
        : [];

    private static JsonObject Request(ParseResult result, Option<string?>[] folder)
    {
        var request = new JsonObject();
        if (folder.Length > 0 && result.GetValue(folder[0]) is { } name)
        {
            request["folder"] = name;
        }

        return request;
    }

    /// <summary>An optional path; a <c>--Section:Key=value</c> after the verb is a setting, not the path.</summary>
    private static Argument<string?> PathArgument(string description) => new("path")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = token =>
        {
            if (token.Tokens.Count > 0 && token.Tokens[0].Value.StartsWith("--", StringComparison.Ordinal))
            {
                token.OnlyTake(0);
                return null;
            }

            return token.Tokens.Count > 0 ? token.Tokens[0].Value : null;
        },
    };
}
