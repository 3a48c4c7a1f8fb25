using Microsoft.Extensions.Configuration;

namespace FolderSync.Common.Hosting;

/// <summary>One invocation's configuration (file, environment, overrides), its values already checked.</summary>
/// <param name="ConfigPath">The <c>--config</c> file, if one was given: relative paths in it are taken from its directory.</param>
/// <param name="Warnings">Keys that are not settings, to log once logging runs.</param>
public sealed record DaemonInvocation(string? ConfigPath, IConfigurationRoot Configuration, IReadOnlyList<string> Warnings);
