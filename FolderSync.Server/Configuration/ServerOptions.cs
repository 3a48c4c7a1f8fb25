namespace FolderSync.Server.Configuration;

/// <summary>The server's root configuration keys (DESIGN §8).</summary>
internal sealed class ServerOptions
{
    public string Listen { get; set; } = "127.0.0.1:7878";

    public string StateDir { get; set; } = DefaultStateDir();

    public Dictionary<string, FolderOptions> Folders { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, ClientEntryOptions> Clients { get; set; } = new(StringComparer.Ordinal);

    public ServerSecuritySettings Security { get; set; } = new();

    private static string DefaultStateDir() =>
        Path.Join(Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"), "foldersync-server");
}
