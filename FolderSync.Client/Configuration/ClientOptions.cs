namespace FolderSync.Client.Configuration;

/// <summary>The client's root configuration keys (DESIGN §8).</summary>
internal sealed class ClientOptions
{
    public string Server { get; set; } = "127.0.0.1:7878";

    public string Folder { get; set; } = string.Empty;

    public string LocalPath { get; set; } = string.Empty;

    public string StateDir { get; set; } = DefaultStateDir();

    public string ClientId { get; set; } = Environment.MachineName;

    public string Token { get; set; } = string.Empty;

    public string ServerFingerprint { get; set; } = string.Empty;

    public ClientSecuritySettings Security { get; set; } = new();

    private static string DefaultStateDir() =>
        Path.Join(Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"), "foldersync-client");
}
