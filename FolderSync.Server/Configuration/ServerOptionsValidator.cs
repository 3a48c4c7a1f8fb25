using FolderSync.Common.Configuration;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Options;

namespace FolderSync.Server.Configuration;

/// <summary>Start-up checks; every failure names its key and the fix.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    /// <summary>What a network-facing server asks of a client token (<c>openssl rand -hex 32</c> makes 64).</summary>
    public const int MinimumTokenLength = 32;

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var errors = Check(options).Select(e => e.ToString()).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static IEnumerable<ConfigError> Check(ServerOptions options)
    {
        bool parsed = SharedOptionsValidation.TryParseEndpoint(options.Listen, out var host, out _);
        bool loopback = parsed && SharedOptionsValidation.IsLoopback(host);
        if (!parsed)
        {
            yield return new ConfigError("Listen", $"'{options.Listen}' is not host:port with a port from 1 to 65535 (an IPv6 address in brackets: [::]:7878)");
        }
        else if (!loopback)
        {
            if (options.Clients.Count == 0)
            {
                yield return new ConfigError("Clients", $"none configured, but Listen '{options.Listen}' is not loopback: add Clients:<id>:Token and Clients:<id>:Folders, or listen on 127.0.0.1");
            }

            if (options.Security.PlainTcp)
            {
                yield return new ConfigError("Security:PlainTcp", $"plain TCP is allowed only on loopback, and Listen is '{options.Listen}'");
            }
        }

        if (string.IsNullOrWhiteSpace(options.StateDir))
        {
            yield return new ConfigError("StateDir", "is empty; set a directory the server may write");
        }

        if (options.Folders.Count == 0)
        {
            yield return new ConfigError("Folders", "no folder is configured; add Folders:<name>:Path");
        }

        foreach (var (folderName, folder) in options.Folders)
        {
            var key = $"Folders:{folderName}";
            if (string.IsNullOrWhiteSpace(folder.Path))
            {
                yield return new ConfigError($"{key}:Path", "is missing; set the directory to publish");
            }
            else if (!Directory.Exists(folder.Path))
            {
                yield return new ConfigError($"{key}:Path", $"'{folder.Path}' is not an existing directory; create it or fix the path");
            }

            if (!Enum.TryParse<AccessMode>(folder.Access, ignoreCase: true, out _))
            {
                yield return new ConfigError($"{key}:Access", $"'{folder.Access}' is not one of EditOnly, ReadOnly, Full");
            }

            if (folder.History.KeepDays < 0)
            {
                yield return new ConfigError($"{key}:History:KeepDays", $"{folder.History.KeepDays} is negative; use 0 (off) or more days");
            }

            if (folder.History.MaxBytes < 0)
            {
                yield return new ConfigError($"{key}:History:MaxBytes", $"{folder.History.MaxBytes} is negative; use 0 (off) or more bytes");
            }
        }

        foreach (var (clientId, client) in options.Clients)
        {
            if (string.IsNullOrWhiteSpace(client.Token))
            {
                yield return new ConfigError($"Clients:{clientId}:Token", "is empty; set a long random token (openssl rand -hex 32)");
            }
            else if (parsed && !loopback && client.Token.Length < MinimumTokenLength)
            {
                yield return new ConfigError($"Clients:{clientId}:Token", $"is {client.Token.Length} characters, and a server listening on {options.Listen} needs at least {MinimumTokenLength}; make one with openssl rand -hex 32");
            }

            foreach (var folder in client.Folders.Where(f => !options.Folders.ContainsKey(f)))
            {
                yield return new ConfigError($"Clients:{clientId}:Folders", $"'{folder}' is not a configured folder");
            }
        }
    }
}
