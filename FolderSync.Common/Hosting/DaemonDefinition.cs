using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace FolderSync.Common.Hosting;

/// <summary>What distinguishes the server executable from the client for <see cref="DaemonCli"/>.</summary>
public sealed record DaemonDefinition(
    string Name,
    string Description,
    Func<DaemonInvocation, CancellationToken, Task<int>> Run,
    Func<IConfiguration, string?, string> StateDirectory,
    Func<JsonObject, string> FormatStatus);

/// <summary>The config file and the <c>--Section:Key=value</c> overrides of one invocation.</summary>
public sealed record DaemonInvocation(string? ConfigPath, IReadOnlyList<string> Overrides);
