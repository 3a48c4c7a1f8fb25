using System.CommandLine;
using System.Text.Json.Nodes;
using FolderSync.Common.Configuration;

namespace FolderSync.Common.Hosting;

/// <summary>What distinguishes the server executable from the client for <see cref="DaemonCli"/>.</summary>
/// <param name="Schema">Every key the daemon reads: values are checked against it, unknown keys warned about.</param>
/// <param name="StateDirectory">Where the daemon keeps its state (and status socket) for this configuration.</param>
public sealed record DaemonDefinition(
    string Name,
    string Description,
    ConfigSchema Schema,
    Func<DaemonInvocation, CancellationToken, Task<int>> Run,
    Func<DaemonInvocation, string> StateDirectory,
    Func<JsonObject, string> FormatStatus)
{
    /// <summary>The daemon's own verbs besides <c>run</c> and <c>status</c>, each made from the shared command line.</summary>
    public IReadOnlyList<Func<DaemonCommandLine, Command>> Commands { get; init; } = [];
}
