namespace FolderSync.Client.Commands;

/// <summary>
/// The control verbs the client does not answer itself but forwards to the server over its connection
/// (docs/protocol.md, "Control requests"): the server's <c>FolderCommands</c> verbs, and <c>folders</c>.
/// </summary>
internal static class ServerVerbs
{
    public static IReadOnlyList<string> Forwarded { get; } = ["history", "restore", "conflicts", "resolve", "confirm-deletes", FoldersCommand.Verb.Name];
}
