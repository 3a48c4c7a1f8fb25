namespace FolderSync.Server.Configuration;

/// <summary>One known client: <c>Clients:&lt;id&gt;:Token</c> and the folders it may reach.</summary>
internal sealed class ClientEntryOptions
{
    public string Token { get; set; } = string.Empty;

    public List<string> Folders { get; set; } = [];
}
