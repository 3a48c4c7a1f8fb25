using System.CommandLine;
using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary>
/// A command-line verb that is one request to the running daemon: its options, the request it makes of a parse,
/// and the readable form of the answer (<c>--json</c> prints the answer itself). <see cref="ControlCommand"/> makes it a command.
/// </summary>
public sealed record ControlVerb(string Name, string Description)
{
    public IReadOnlyList<Option> Options { get; init; } = [];

    /// <summary>The verb's positional arguments (a path), before its options in <c>--help</c>.</summary>
    public IReadOnlyList<Argument> Positionals { get; init; } = [];

    /// <summary>The request's arguments besides <c>command</c>.</summary>
    public Func<ParseResult, JsonObject> Arguments { get; init; } = _ => [];

    /// <summary>How long to wait for the answer (null: as long as it takes).</summary>
    public Func<ParseResult, TimeSpan?> Timeout { get; init; } = _ => ControlCommand.DefaultTimeout;

    public Func<JsonObject, string> Format { get; init; } = answer => answer.ToJsonString();
}
