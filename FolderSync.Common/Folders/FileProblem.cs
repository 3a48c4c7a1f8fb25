namespace FolderSync.Common.Folders;

/// <summary>Why one path is not synced right now, since when, and when it is tried again.</summary>
/// <param name="Reason">The cause as the failing call gave it (names the errno: "disk full: write failed: ENOSPC ...").</param>
/// <param name="Download">True when the server's version could not be written here; false for our change the other side could not take.</param>
/// <param name="Attempts">Failures in a row.</param>
internal sealed record FileProblem(string Reason, bool Download, int Attempts, DateTimeOffset Since, DateTimeOffset RetryAt);
