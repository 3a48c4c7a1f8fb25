namespace FolderSync.Server.History;

/// <summary>
/// Retention of one folder's history (<c>Folders:&lt;name&gt;:History</c>). Either limit at 0 turns history
/// off for the folder. The newest version of each path is kept as long as the byte budget allows.
/// </summary>
public sealed class HistoryOptions
{
    public int KeepDays { get; set; } = 30;

    public long MaxBytes { get; set; } = 1L << 30;

    public bool Enabled => KeepDays > 0 && MaxBytes > 0;
}
