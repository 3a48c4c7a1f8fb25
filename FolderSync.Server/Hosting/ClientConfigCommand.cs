using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FolderSync.Common.Configuration;
using FolderSync.Common.Hosting;
using FolderSync.Common.Security;
using FolderSync.Server.Configuration;
using FolderSync.Server.Security;

namespace FolderSync.Server.Hosting;

/// <summary>
/// <c>client-config ID</c>: the config file a client needs to reach this server, its certificate fingerprint
/// included, so the first connection needs no trust on first use. Without an ID: the configured folder names,
/// one a line (what install.sh grants a new client by default). Creates the server identity if it has none yet.
/// </summary>
internal static class ClientConfigCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(DaemonCommandLine cli)
    {
        var id = new Argument<string?>("id")
        {
            Description = "The client's id (Clients:<id>); without it, the folder names are listed",
            Arity = ArgumentArity.ZeroOrOne,

            // A --Section:Key=value after the verb is a setting, not the id.
            CustomParser = token =>
            {
                if (token.Tokens.Count > 0 && token.Tokens[0].Value.StartsWith('-'))
                {
                    token.OnlyTake(0);
                    return null;
                }

                return token.Tokens.Count > 0 ? token.Tokens[0].Value : null;
            },
        };
        var folder = new Option<string?>("--folder") { Description = "The folder this client config subscribes to (default: the client's first)" };
        var address = new Option<string?>("--address") { Description = "host:port clients reach this server at (default: from Listen, with this host's name for a wildcard)" };
        var command = new Command("client-config", "Print the config file of a client of this server (its token, the server's fingerprint)") { id, folder, address };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result => cli.GuardAsync(() =>
        {
            var invocation = cli.Load(result);
            var options = ServerDaemon.Bind(invocation.Configuration, invocation.ConfigPath);
            Console.WriteLine(result.GetValue(id) is { } clientId
                ? Snippet(options, clientId, result.GetValue(folder), result.GetValue(address)).ToJsonString(Indented)
                : string.Join('\n', options.Folders.Keys));
            return Task.FromResult(0);
        }));
        return command;
    }

    private static JsonObject Snippet(ServerOptions options, string clientId, string? folder, string? address)
    {
        string key = $"Clients:{clientId}";
        if (!options.Clients.TryGetValue(clientId, out var client))
        {
            throw new ConfigurationException(key, $"is not configured; add {key}:Token and {key}:Folders (install.sh server --add-client {clientId})");
        }

        if (string.IsNullOrWhiteSpace(client.Token))
        {
            throw new ConfigurationException($"{key}:Token", "is empty; set a long random token (openssl rand -hex 32)");
        }

        folder ??= client.Folders.FirstOrDefault() ?? throw new ConfigurationException($"{key}:Folders", "is empty; name the folders this client may reach");
        if (!client.Folders.Contains(folder, StringComparer.Ordinal))
        {
            throw new ConfigurationException($"{key}:Folders", $"does not give '{folder}' to this client; it has {string.Join(", ", client.Folders)}");
        }

        var snippet = new JsonObject
        {
            ["Server"] = address ?? Reachable(options.Listen),
            ["Folder"] = folder,
            ["ClientId"] = clientId,
            ["Token"] = client.Token,
            ["LocalPath"] = $"~/{folder}",
            ["StateDir"] = $"~/.local/state/foldersync-client/{folder}",
        };
        if (options.Security.PlainTcp)
        {
            snippet["Security"] = new JsonObject { ["PlainTcp"] = true };
        }
        else
        {
            StateDirectory.Create(options.StateDir);
            using var certificate = ServerCertificate.LoadOrCreate(options.StateDir);
            snippet["ServerFingerprint"] = CertificateFingerprint.Format(CertificateFingerprint.Of(certificate));
        }

        return snippet;
    }

    /// <summary>Listen as a client would dial it: a wildcard address becomes this host's name.</summary>
    private static string Reachable(string listen)
    {
        if (!SharedOptionsValidation.TryParseEndpoint(listen, out var host, out int port))
        {
            throw new ConfigurationException("Listen", $"'{listen}' is not host:port");
        }

        bool wildcard = host is "*" or "" || (IPAddress.TryParse(host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
        string reachable = wildcard ? Dns.GetHostName() : host;
        return reachable.Contains(':', StringComparison.Ordinal) ? $"[{reachable}]:{port}" : $"{reachable}:{port}";
    }
}
