namespace FolderSync.Server.Configuration;

/// <summary>One published folder: <c>Folders:&lt;name&gt;:Path</c>, <c>:Access</c> and <c>:History</c> (KeepDays, MaxBytes).</summary>
internal sealed class FolderOptions
{
    public string Path { get; set; } = string.Empty;

    /// <summary>EditOnly (default), ReadOnly or Full; kept as text so a typo is reported with its key.</summary>
    public string Access { get; set; } = nameof(Common.Sync.AccessMode.EditOnly);

    /// <summary>Version history retention; KeepDays or MaxBytes at 0 turns history off for the folder.</summary>
    public History.HistoryOptions History { get; set; } = new();
}
