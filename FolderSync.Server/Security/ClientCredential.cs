namespace FolderSync.Server.Security;

/// <summary>What the server knows of one client: its shared secret and the folders it may reach.</summary>
/// <param name="Token">The shared secret; it never crosses the wire and never appears in a log (see <see cref="ToString"/>).</param>
public sealed record ClientCredential(string Token, IReadOnlyCollection<string> Folders)
{
    public bool AllowsFolder(string folder) => Folders.Contains(folder, StringComparer.Ordinal);

    /// <summary>Never prints the token, so a logged options object cannot leak it.</summary>
    public override string ToString() => $"ClientCredential {{ Token = ***, Folders = [{string.Join(", ", Folders)}] }}";
}
