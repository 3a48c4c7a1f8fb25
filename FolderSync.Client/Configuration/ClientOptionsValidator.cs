using FolderSync.Common.Configuration;
using FolderSync.Common.Security;
using Microsoft.Extensions.Options;

namespace FolderSync.Client.Configuration;

/// <summary>Start-up checks; every failure names its key and the fix.</summary>
internal sealed class ClientOptionsValidator : IValidateOptions<ClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientOptions options)
    {
        var errors = Check(options).Select(e => e.ToString()).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static IEnumerable<ConfigError> Check(ClientOptions options)
    {
        if (!SharedOptionsValidation.TryParseEndpoint(options.Server, out var host, out _))
        {
            yield return new ConfigError("Server", $"'{options.Server}' is not host:port with a port from 1 to 65535 (an IPv6 address in brackets: [::1]:7878)");
        }
        else if (options.Security.PlainTcp && !SharedOptionsValidation.IsLoopback(host))
        {
            yield return new ConfigError("Security:PlainTcp", $"plain TCP is allowed only to a loopback server, and Server is '{options.Server}'");
        }

        if (!string.IsNullOrEmpty(options.ServerFingerprint) && !CertificateFingerprint.IsValid(options.ServerFingerprint))
        {
            yield return new ConfigError("ServerFingerprint", "is not a SHA-256 fingerprint (64 hex digits, colons allowed); copy it from the server's log or status");
        }

        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            yield return new ConfigError("Folder", "is missing; set the name of the server folder to subscribe to");
        }

        if (string.IsNullOrWhiteSpace(options.LocalPath))
        {
            yield return new ConfigError("LocalPath", "is missing; set the local directory to keep in sync");
        }
        else if (File.Exists(options.LocalPath))
        {
            yield return new ConfigError("LocalPath", $"'{options.LocalPath}' is a file; point it at a directory");
        }

        if (string.IsNullOrWhiteSpace(options.StateDir))
        {
            yield return new ConfigError("StateDir", "is empty; set a directory the client may write");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId) || options.ClientId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            yield return new ConfigError("ClientId", $"'{options.ClientId}' must be letters, digits, '-', '_' or '.'");
        }
    }
}
