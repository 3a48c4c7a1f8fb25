namespace FolderSync.Client.Engine;

/// <summary>
/// When the folder last synced something, and the last error a user should see (<c>status</c>'s <c>lastActivity</c>
/// and <c>lastError</c>). Set on the folder loop, the connection loop and the flusher's thread; read by <c>status</c>.
/// </summary>
internal sealed class FolderActivity
{
    public DateTimeOffset? LastActivity { get; private set; }

    public string? LastError { get; private set; }

    public void Touch() => LastActivity = DateTimeOffset.UtcNow;

    /// <summary>Records <paramref name="error"/>, stamped with the time.</summary>
    public void Error(string error) => LastError = $"{DateTimeOffset.UtcNow:O} {error}";
}
