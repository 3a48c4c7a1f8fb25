using FolderSync.Common.Hosting;

namespace FolderSync.Client.Commands;

/// <summary>
/// The control verbs the client does not answer itself but forwards to the server over its connection
/// (docs/protocol.md, "Control requests"): the history verbs (<see cref="HistoryVerbs.Names"/>), and <c>folders</c>.
/// </summary>
internal static class ServerVerbs
{
    public static IReadOnlyList<string> Forwarded { get; } = [.. HistoryVerbs.Names, FoldersCommand.Verb.Name];
}
