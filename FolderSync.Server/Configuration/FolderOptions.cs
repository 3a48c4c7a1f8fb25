namespace FolderSync.Server.Configuration;

/// <summary>One published folder: <c>Folders:&lt;name&gt;:Path</c> and <c>:Access</c>.</summary>
internal sealed class FolderOptions
{
    public string Path { get; set; } = string.Empty;

    /// <summary>EditOnly (default), ReadOnly or Full; kept as text so a typo is reported with its key.</summary>
    public string Access { get; set; } = nameof(Common.Sync.AccessMode.EditOnly);
}
